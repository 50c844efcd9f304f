using Docent.Models.Onnx;

namespace Docent.Tests.Models;

public sealed class CanonicalDecomposerTests
{
    [Theory]
    [InlineData("\u1EED", "u\u031B\u0309")] // ử: composite of a composite (pairs applied recursively)
    [InlineData("\u00FC", "u\u0308")]
    [InlineData("\u212B", "A\u030A")] // Ångström sign: a singleton
    [InlineData("\u0958", "\u0915\u093C")] // Devanagari qa: a composition exclusion
    [InlineData("\uD55C", "\u1112\u1161\u11AB")] // 한: Hangul LVT
    [InlineData("\uAC00", "\u1100\u1161")] // 가: Hangul LV
    [InlineData("\uF900", "\u8C48")] // CJK compatibility ideograph
    [InlineData("\U0001D15E", "\U0001D157\U0001D165")] // musical half note, outside the BMP
    [InlineData("Cửa Việt", "Cu\u031B\u0309a Vie\u0323\u0302t")]
    public void DecomposesLikeNfd(string input, string expected)
    {
        Assert.Equal(expected, CanonicalDecomposer.Decompose(input));
    }

    [Fact]
    public void TextWithNothingToDecomposeIsReturnedAsIs()
    {
        const string text = "plain ASCII, Ελληνικά χωρίς τόνους? no: 日本語 and 🚀";
        var plain = "plain text 日本語 🚀";

        Assert.Same(plain, CanonicalDecomposer.Decompose(plain));
        Assert.NotEqual(text, CanonicalDecomposer.Decompose(text)); // ί and ό do decompose
    }
}
