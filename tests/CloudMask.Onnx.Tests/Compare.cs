namespace CloudMask.Onnx.Tests;

/// <summary>Element-wise comparison of probability planes, with a message that says where they differ most.</summary>
internal static class Compare
{
    public const float Tolerance = 1e-4f;

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            if (!(d <= worst)) { worst = d; at = i; } // NaN counts as worst
        }
        Assert.True(worst <= Tolerance, $"{what}: largest difference {worst:G3} at {at} ({expected[at]} vs {actual[at]})");
    }

    /// <summary>The share of pixels whose largest probability is below 0.99: probabilities that are not
    /// all saturated, so a comparison of them can tell a right export from a wrong one.</summary>
    public static double UnsureShare(ReadOnlySpan<float> probabilities, int pixels)
    {
        var unsure = 0;
        for (var p = 0; p < pixels; p++)
        {
            var max = 0f;
            for (var c = 0; c < 4; c++) max = Math.Max(max, probabilities[c * pixels + p]);
            if (max < 0.99f) unsure++;
        }
        return (double)unsure / pixels;
    }
}
