namespace ActorChat.Bench;

/// <summary>The median of a few numbers: robust to the one odd run that a shared machine throws in, unlike the mean.</summary>
public static class Median
{
    /// <summary>The middle value; for an even count the mean of the two middle values.</summary>
    public static double Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("The median of no values is undefined.", nameof(values));
        var sorted = new double[values.Count];
        for (var i = 0; i < sorted.Length; i++) sorted[i] = values[i];
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
