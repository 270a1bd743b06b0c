using CloudMask.Masking.Analysis;

namespace CloudMask.Masking.Tests.Analysis;

public class DiverseSelectionTests
{
    // Three neighbouring tiles along one cloud edge in scene A (highest scores), one far tile in A and one in scene B.
    private static readonly Candidate[] Pool =
    [
        new(1.00, "A", 0, 0, 512, [0.5, 0, 0, 0.5]),
        new(0.95, "A", 512, 0, 512, [0.5, 0, 0, 0.5]),
        new(0.90, "A", 1024, 0, 512, [0.5, 0, 0, 0.5]),
        new(0.70, "A", 4096, 4096, 512, [0.9, 0.1, 0, 0]),
        new(0.60, "B", 0, 0, 512, [0.2, 0, 0.8, 0]),
    ];

    [Fact]
    public void Without_diversity_the_top_scores_are_taken()
    {
        Assert.Equal([0, 1, 2], DiverseSelection.Select(Pool, 3, diversity: 0));
    }

    [Fact]
    public void With_diversity_neighbours_and_look_alikes_give_way_to_different_tiles()
    {
        var picked = DiverseSelection.Select(Pool, 3, diversity: 0.5);
        // After tile 0: tile 1 touches it (similarity 1): 0.95 - 0.5 = 0.45; tile 2 is two tiles away with the same mix
        // (similarity 0.5): 0.90 - 0.25 = 0.65; tile 3 is far, half alike (0.25): 0.575; tile 4 (scene B, alike 0.2 -> 0.1): 0.55.
        // After tile 2, tile 3 (0.575) still beats tile 4 (0.55) and the neighbour (0.45).
        Assert.Equal([0, 2, 3], picked);
        // More diversity: after tile 0, tile 4 (0.60 - 2 x 0.1 = 0.40) beats tile 3 (0.70 - 2 x 0.25 = 0.20); then tile 3.
        Assert.Equal([0, 4, 3], DiverseSelection.Select(Pool, 3, diversity: 2));
    }

    [Fact]
    public void Similarity_is_one_for_touching_tiles_of_one_scene_and_the_class_mix_otherwise()
    {
        Assert.Equal(1, DiverseSelection.Similarity(Pool[0], Pool[1]));
        Assert.Equal(0.5, DiverseSelection.Similarity(Pool[0] with { Features = [1, 0, 0, 0] }, Pool[2] with { Features = [0, 0, 0, 1] }));
        Assert.Equal(0.1, DiverseSelection.Similarity(Pool[0], Pool[4]), 9);
    }

    [Fact]
    public void Budget_larger_than_the_pool_takes_everything_once() =>
        Assert.Equal(5, DiverseSelection.Select(Pool, 10).Distinct().Count());
}
