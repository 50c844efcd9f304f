using System.Text;
using Docent.Generation;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

public sealed class GgufFileTests
{
    internal static string Stories260K => RepositoryPaths.Fixture("stories260K", "stories260K.gguf");

    [Fact]
    public void ReadsStories260KMetadataAndTensors()
    {
        using var file = GgufFile.Open(Stories260K);
        Assert.Equal(3, file.Version);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal(64, file.GetInteger("llama.embedding_length"));
        Assert.Equal(5, file.GetInteger("llama.block_count"));
        Assert.Equal(8, file.GetInteger("llama.attention.head_count"));
        Assert.Equal(4, file.GetInteger("llama.attention.head_count_kv"));
        Assert.Equal(1e-5f, file.GetFloat("llama.attention.layer_norm_rms_epsilon", 0f), 1e-9f);
        Assert.Equal(1, file.GetInteger("tokenizer.ggml.bos_token_id"));
        var tokens = file.GetArray("tokenizer.ggml.tokens");
        Assert.Equal(512, tokens.Length);
        Assert.Equal("<s>", tokens[1]);
        var q = file.Tensors["blk.0.attn_q.weight"];
        Assert.Equal(GgufTensorType.F32, q.Type);
        Assert.Equal([64L, 64L], q.Dimensions);
        Assert.Equal([64L, 32L], file.Tensors["blk.0.attn_k.weight"].Dimensions);
        Assert.Equal(64 * 512, file.GetFloat32("token_embd.weight").Length);
        Assert.Equal(file.GetFloat32("output_norm.weight").ToArray(), file.ReadFloats("output_norm.weight"));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1_000_000)]
    public void ATruncatedFileFailsNamingTheFile(int keep)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("cut.gguf", File.ReadAllBytes(Stories260K).AsSpan(0, keep).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => GgufFile.Open(path));
        Assert.Contains("cut.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithoutTheMagicFails()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("text.gguf", "this is not a model file at all, only text");
        var error = Assert.Throws<InvalidDataException>(() => GgufFile.Open(path));
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnImplausibleArrayLengthFailsInsteadOfAllocating()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "huge.gguf");
        new GgufWriter().Add("general.architecture", "llama").Add("tokenizer.ggml.tokens", new[] { "a", "b" }).Write(path);
        var bytes = File.ReadAllBytes(path);
        var key = Encoding.UTF8.GetBytes("tokenizer.ggml.tokens");
        var at = bytes.AsSpan().IndexOf(key) + key.Length + 4 + 4; // value type (array), element type (string), then the count
        BitConverter.TryWriteBytes(bytes.AsSpan(at, 8), 1_000_000_000UL);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => GgufFile.Open(path));
        Assert.Contains("huge.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("1000000000 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnsupportedTensorTypeFails()
    {
        var bytes = File.ReadAllBytes(Stories260K);
        var name = Encoding.UTF8.GetBytes("token_embd.weight");
        var at = bytes.AsSpan().IndexOf(name) + name.Length + 4 + 2 * 8;
        bytes[at] = 23; // IQ4_XS
        using var temp = new TempDirectory();
        var path = temp.Write("iq4xs.gguf", bytes);
        var error = Assert.Throws<InvalidDataException>(() => GgufFile.Open(path));
        Assert.Contains("GGML type IQ4_XS (23)", error.Message, StringComparison.Ordinal);
        Assert.Contains("token_embd.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnsupportedArchitectureFails()
    {
        var bytes = File.ReadAllBytes(Stories260K);
        var key = Encoding.UTF8.GetBytes("general.architecture");
        var at = bytes.AsSpan().IndexOf(key) + key.Length + 4 + 8;
        Encoding.UTF8.GetBytes("mamba").CopyTo(bytes, at);
        using var temp = new TempDirectory();
        var path = temp.Write("mamba.gguf", bytes);
        using var file = GgufFile.Open(path);
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("mamba", error.Message, StringComparison.Ordinal);
        Assert.Contains("mamba.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("llama, qwen2", error.Message, StringComparison.Ordinal);
    }
}
