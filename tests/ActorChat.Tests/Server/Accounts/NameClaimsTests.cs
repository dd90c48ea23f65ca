using ActorChat.Messages;
using ActorChat.Server.Users;

namespace ActorChat.Tests.Server.Accounts;

public class NameClaimsTests
{
    private readonly NameClaims<string> _claims = new();

    private ClaimDecision<string> Claim(string holder, string name, ClaimKind kind, NameRefused? refusal = null)
    {
        var admitted = _claims.Admit(new ClaimName(name, kind), holder);
        return admitted is null ? _claims.Decide(holder, name, kind, refusal) : new ClaimDecision<string>.Refused(admitted);
    }

    [Fact]
    public void A_guest_gets_a_free_name_and_a_taken_one_is_refused_after_its_check()
    {
        Assert.Equal(new ClaimDecision<string>.Granted("bob", false, null), Claim("s1", "bob", ClaimKind.Guest));
        var taken = Assert.IsType<ClaimDecision<string>.Refused>(Claim("s2", "BOB", ClaimKind.Guest));
        Assert.Equal(ErrorCodes.NameTaken, taken.Refusal.Code);
    }

    [Fact]
    public void An_account_login_takes_its_name_over_from_the_connection_that_holds_it()
    {
        Claim("s1", "alice", ClaimKind.Register);

        Assert.Equal(new ClaimDecision<string>.Granted("Alice", true, "s1"), Claim("s2", "Alice", ClaimKind.Password));
        Assert.Null(_claims.Names.NameOf("s1"));
        Assert.Equal("Alice", _claims.Names.NameOf("s2"));
    }

    [Fact]
    public void A_name_being_registered_is_nobody_elses_meanwhile_and_free_again_when_the_registration_fails()
    {
        Assert.Null(_claims.Admit(new ClaimName("carol", ClaimKind.Register), "s1"));

        Assert.Equal(ErrorCodes.NameTaken, _claims.Admit(new ClaimName("carol", ClaimKind.Register), "s2")!.Code);
        Assert.IsType<ClaimDecision<string>.Refused>(_claims.Decide("s3", "carol", ClaimKind.Guest, null)); // a guest check that came back meanwhile

        _claims.Decide("s1", "carol", ClaimKind.Register, new NameRefused(ErrorCodes.NameTaken, "registered"));
        Assert.IsType<ClaimDecision<string>.Granted>(Claim("s2", "carol", ClaimKind.Guest));
    }

    [Fact]
    public void A_guest_check_that_began_before_the_name_was_registered_does_not_give_it_out()
    {
        Assert.Null(_claims.Admit(new ClaimName("dave", ClaimKind.Guest), "guest")); // its check finds no account...
        Claim("owner", "dave", ClaimKind.Register); // ...while dave is registered
        _claims.Names.Release("owner");             // and its owner leaves again

        var late = Assert.IsType<ClaimDecision<string>.Refused>(_claims.Decide("guest", "dave", ClaimKind.Guest, null));
        Assert.Equal(ErrorCodes.PasswordRequired, late.Refusal.Code);
    }

    [Fact]
    public void A_checked_refusal_is_passed_on_as_it_is()
    {
        var locked = new NameRefused(ErrorCodes.TooManyAttempts, "wait", 30);
        Assert.Equal(new ClaimDecision<string>.Refused(locked), Claim("s1", "erin", ClaimKind.Password, locked));
    }
}
