namespace CloudMask.Masking.Analysis;

/// <summary>A candidate for labelling: its informativeness, where it lies, and what it looks like.</summary>
/// <param name="Group">Candidates in different groups (inputs) are never neighbours.</param>
/// <param name="Features">A description compared between candidates, e.g. predicted class fractions (summing to 1).</param>
public sealed record Candidate(double Score, string Group, double X, double Y, double Size, IReadOnlyList<double> Features);

/// <summary>
/// Picks the N most informative candidates while keeping them different (maximal marginal
/// relevance): greedily takes the candidate with the highest
/// score / max score - diversity x similarity to the most similar one already taken.
/// Similarity is 1 for a neighbour (same group, at most one tile apart: the same cloud edge),
/// 0.5 two tiles apart, and otherwise half of how alike the feature vectors are (alike = 1 - half
/// the L1 distance, 1 for an identical class mix): a far tile that looks the same is penalised
/// at most half as much as a neighbour. Diversity 0 gives the plain top N by score.
/// </summary>
public static class DiverseSelection
{
    public static IReadOnlyList<int> Select(IReadOnlyList<Candidate> candidates, int budget, double diversity = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        if (diversity is < 0 or > 10) throw new ArgumentOutOfRangeException(nameof(diversity), diversity, "must be 0..10");
        var maxScore = candidates.Count == 0 ? 1 : Math.Max(candidates.Max(c => c.Score), 1e-12);
        var picked = new List<int>();
        // Highest similarity of each candidate to anything picked so far, updated after each pick.
        var nearest = new double[candidates.Count];
        var taken = new bool[candidates.Count];
        while (picked.Count < Math.Min(budget, candidates.Count))
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < candidates.Count; i++)
            {
                if (taken[i]) continue;
                var value = candidates[i].Score / maxScore - diversity * nearest[i];
                // Ties go to the earlier candidate: the order is reproducible.
                if (value > bestValue) (best, bestValue) = (i, value);
            }
            taken[best] = true;
            picked.Add(best);
            for (var i = 0; i < candidates.Count; i++)
                if (!taken[i]) nearest[i] = Math.Max(nearest[i], Similarity(candidates[i], candidates[best]));
        }
        return picked;
    }

    public static double Similarity(Candidate a, Candidate b)
    {
        var spatial = 0.0;
        if (a.Group == b.Group)
        {
            var gap = Math.Max(Math.Abs(a.X - b.X), Math.Abs(a.Y - b.Y)) / Math.Max(1, Math.Max(a.Size, b.Size));
            spatial = gap <= 1.0 + 1e-9 ? 1 : gap <= 2.0 + 1e-9 ? 0.5 : 0;
        }
        var n = Math.Min(a.Features.Count, b.Features.Count);
        var l1 = 0.0;
        for (var k = 0; k < n; k++) l1 += Math.Abs(a.Features[k] - b.Features[k]);
        var alike = n == 0 ? 0 : Math.Clamp(1 - l1 / 2, 0, 1);
        return Math.Max(spatial, 0.5 * alike);
    }
}
