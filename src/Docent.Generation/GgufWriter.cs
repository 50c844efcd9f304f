using System.Text;

namespace Docent.Generation;

/// <summary>
/// Writes GGUF v3 files: metadata key/values, then tensor infos, then aligned tensor data. Used by tests and the
/// generation benchmark to make model files. Collects everything in memory before <see cref="Write"/>: not thread-safe.
/// </summary>
public sealed class GgufWriter
{
    private const int Alignment = 32;
    private readonly List<(string Key, object Value)> _metadata = [];
    private readonly List<(string Name, long[] Dimensions, GgufTensorType Type, byte[] Data)> _tensors = [];

    /// <summary>Adds a metadata entry: string, bool, int, uint, long, ulong, float, double, or an array (string[], int[], float[]).</summary>
    public GgufWriter Add(string key, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _metadata.Add((key, value));
        return this;
    }

    /// <summary>
    /// Adds a tensor from float values encoded as <paramref name="type"/>; <paramref name="dimensions"/> lists the
    /// innermost (row length) first, as GGML does.
    /// </summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<float> values, GgufTensorType type, params long[] dimensions)
    {
        if (dimensions.Aggregate(1L, (a, b) => a * b) != values.Length)
        {
            throw new ArgumentException($"Tensor '{name}' has {values.Length} values but dimensions {string.Join(" × ", dimensions)}.", nameof(values));
        }

        return AddRawTensor(name, GgmlQuantization.Quantize(values, type), type, dimensions);
    }

    /// <summary>Adds a tensor whose data is already encoded (lets tests write corrupt or odd files).</summary>
    public GgufWriter AddRawTensor(string name, byte[] data, GgufTensorType type, params long[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(data);
        _tensors.Add((name, dimensions, type, data));
        return this;
    }

    /// <summary>Writes the file to <paramref name="path"/>.</summary>
    public void Write(string path)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write(0x46554747u);
        w.Write(3u);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(w, key);
            WriteValue(w, value, withType: true);
        }

        long offset = 0;
        foreach (var (name, dims, type, data) in _tensors)
        {
            WriteString(w, name);
            w.Write((uint)dims.Length);
            foreach (var d in dims)
            {
                w.Write((ulong)d);
            }

            w.Write((uint)type);
            w.Write((ulong)offset);
            offset += (data.Length + Alignment - 1) / Alignment * Alignment;
        }

        Pad(w);
        foreach (var t in _tensors)
        {
            w.Write(t.Data);
            Pad(w);
        }
    }

    private static void Pad(BinaryWriter w)
    {
        while (w.BaseStream.Position % Alignment != 0)
        {
            w.Write((byte)0);
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteValue(BinaryWriter w, object value, bool withType)
    {
        void Type(uint t)
        {
            if (withType)
            {
                w.Write(t);
            }
        }

        switch (value)
        {
            case string s: Type(8); WriteString(w, s); break;
            case bool b: Type(7); w.Write(b ? (byte)1 : (byte)0); break;
            case int i: Type(5); w.Write(i); break;
            case uint u: Type(4); w.Write(u); break;
            case long l: Type(11); w.Write(l); break;
            case ulong ul: Type(10); w.Write(ul); break;
            case float f: Type(6); w.Write(f); break;
            case double d: Type(12); w.Write(d); break;
            case string[] items: WriteArray(w, 8, items, withType); break;
            case int[] items: WriteArray(w, 5, items, withType); break;
            case float[] items: WriteArray(w, 6, items, withType); break;
            default: throw new ArgumentException($"Metadata values of type {value.GetType().Name} are not supported.", nameof(value));
        }
    }

    private static void WriteArray<T>(BinaryWriter w, uint elementType, T[] items, bool withType)
        where T : notnull
    {
        if (withType)
        {
            w.Write(9u);
        }

        w.Write(elementType);
        w.Write((ulong)items.Length);
        foreach (var item in items)
        {
            WriteValue(w, item, withType: false);
        }
    }
}
