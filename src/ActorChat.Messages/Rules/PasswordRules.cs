namespace ActorChat.Messages.Rules;

/// <summary>Passwords (PROTOCOL.md, "Accounts"): 8 to 256 characters, any characters.</summary>
public static class PasswordRules
{
    public static readonly string Description =
        $"{ProtocolInfo.MinPasswordLength} to {ProtocolInfo.MaxPasswordLength} characters";

    /// <summary>Null when the password has an acceptable length, else why not (for <c>weak_password</c>; never shows the password).</summary>
    public static string? Check(Password password) =>
        password.Length is >= ProtocolInfo.MinPasswordLength and <= ProtocolInfo.MaxPasswordLength
            ? null
            : $"a password is {Description}";
}
