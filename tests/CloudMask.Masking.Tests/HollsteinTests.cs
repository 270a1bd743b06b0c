using CloudMask.Masking.Models;
using O = CloudMask.Masking.Models.HollsteinDecisionTree.Outcome;

namespace CloudMask.Masking.Tests;

/// <summary>Each leaf of the published tree reached with hand-picked reflectances.</summary>
public class HollsteinTests
{
    //                          B01   B02   B03   B05   B06   B07   B8A   B09   B10    B11
    [Theory]
    [InlineData(O.Cloud,        0.60, 0.60, 0.60, 0.60, 0.58, 0.60, 0.55, 0.30, 0.05,  0.40)] // bright, B11-B10 >= .255, B01 >= .3
    [InlineData(O.Snow,         0.70, 0.80, 0.80, 0.70, 0.60, 0.55, 0.50, 0.20, 0.01,  0.10)] // bright in VIS, dark SWIR
    [InlineData(O.Water,        0.10, 0.06, 0.05, 0.03, 0.02, 0.02, 0.02, 0.010, 0.001, 0.005)]
    [InlineData(O.Clear,        0.08, 0.05, 0.08, 0.10, 0.25, 0.30, 0.35, 0.10, 0.002, 0.15)] // vegetation
    [InlineData(O.Cirrus,       0.15, 0.12, 0.15, 0.18, 0.25, 0.28, 0.30, 0.10, 0.03,  0.20)] // B02/B10 < 14.689, B02/B09 >= .788
    [InlineData(O.Cirrus,       0.40, 0.40, 0.40, 0.40, 0.40, 0.40, 0.40, 0.30, 0.20,  0.40)] // bright, B11-B10 < .255, B06-B07 >= -.016
    [InlineData(O.Shadow,       0.10, 0.04, 0.03, 0.03, 0.03, 0.04, 0.05, 0.05, 0.001, 0.02)] // dark, B03-B07 < .027, B09-B11 >= -.097
    public void Leaves_of_the_tree(O expected, double b01, double b02, double b03, double b05, double b06, double b07, double b8a, double b09, double b10, double b11) =>
        Assert.Equal(expected, HollsteinDecisionTree.Classify((float)b01, (float)b02, (float)b03, (float)b05, (float)b06, (float)b07, (float)b8a, (float)b09, (float)b10, (float)b11));
}
