using System.Text;

namespace Docent.Generation;

/// <summary>
/// A GGUF (v2/v3) model file: metadata key/values, tensor infos and the tensor data, memory-mapped and never
/// copied wholesale. Reading tensors is thread-safe; disposing while readers run is not.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    private readonly MappedFileView _mapping;
    private readonly byte* _base;
    private readonly long _length;
    private readonly long _dataOffset;
    private readonly Dictionary<string, GgufTensorInfo> _tensors;
    private bool _disposed;

    private GgufFile(string path, MappedFileView mapping)
    {
        Path = path;
        _mapping = mapping;
        _base = mapping.Pointer;
        _length = mapping.Length;
        var length = _length;
        var reader = new Reader(this);
        if (length < 24 || reader.ReadUInt32() != 0x46554747)
        {
            throw Corrupt("it does not start with the GGUF magic");
        }

        Version = (int)reader.ReadUInt32();
        if (Version is < 2 or > 3)
        {
            throw Corrupt($"GGUF version {Version} is not supported (2 or 3 are)");
        }

        var tensorCount = reader.ReadCount();
        var metadataCount = reader.ReadCount();
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (long i = 0; i < metadataCount; i++)
        {
            var key = reader.ReadString();
            metadata[key] = reader.ReadValue(reader.ReadUInt32());
        }

        Metadata = metadata;
        _tensors = new Dictionary<string, GgufTensorInfo>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            var name = reader.ReadString();
            var dimensionCount = reader.ReadUInt32();
            if (dimensionCount > 4)
            {
                throw Corrupt($"tensor '{name}' has {dimensionCount} dimensions");
            }

            var dims = new long[dimensionCount];
            for (var d = 0; d < dims.Length; d++)
            {
                dims[d] = reader.ReadCount();
            }

            var type = reader.ReadUInt32();
            if (!GgmlQuantization.IsSupported(type))
            {
                throw new InvalidDataException(
                    $"'{path}' cannot be read yet: tensor '{name}' has GGML type {GgmlQuantization.TypeName(type)}, which is not supported yet "
                    + "(F32, F16, BF16, Q8_0, Q4_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K and Q8_K are; re-quantise the model to one of those, e.g. with llama.cpp's llama-quantize ... Q4_K_M).");
            }

            var per = GgmlQuantization.ElementsPerBlock((GgufTensorType)type);
            if (dims.Length > 0 && dims[0] % per != 0)
            {
                throw Corrupt($"tensor '{name}' is {(GgufTensorType)type} but its rows of {dims[0]} elements are not whole blocks of {per}");
            }

            _tensors[name] = new GgufTensorInfo(name, dims, (GgufTensorType)type, (long)reader.ReadUInt64());
        }

        Alignment = metadata.TryGetValue("general.alignment", out var a) ? Convert.ToInt64(a, System.Globalization.CultureInfo.InvariantCulture) : 32;
        if (Alignment <= 0)
        {
            throw Corrupt($"general.alignment is {Alignment}");
        }

        _dataOffset = (reader.Position + Alignment - 1) / Alignment * Alignment;
        foreach (var t in _tensors.Values)
        {
            if (t.Offset < 0 || _dataOffset + t.Offset + t.ByteLength > _length)
            {
                throw Corrupt($"tensor '{t.Name}' lies beyond the end of the file (truncated?)");
            }
        }
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The GGUF version (2 or 3).</summary>
    public int Version { get; }

    /// <summary>The tensor data alignment in bytes.</summary>
    public long Alignment { get; }

    /// <summary>Metadata values: integers, floats, bools, strings, or <c>object[]</c> arrays of those.</summary>
    public IReadOnlyDictionary<string, object> Metadata { get; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, GgufTensorInfo> Tensors => _tensors;

    /// <summary>The architecture named by <c>general.architecture</c>.</summary>
    public string Architecture => GetString("general.architecture");

    /// <summary>Opens and validates <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file when it is truncated or corrupt.</summary>
    public static GgufFile Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < 24)
        {
            throw new InvalidDataException($"'{path}' is not a GGUF model file: it is only {length} bytes long.");
        }

        var mapping = MappedFileView.Open(path, length);
        try
        {
            return new GgufFile(path, mapping);
        }
        catch
        {
            mapping.Dispose();
            throw;
        }
    }

    /// <summary>A metadata string; throws <see cref="InvalidDataException"/> when absent or of another type.</summary>
    public string GetString(string key) =>
        Metadata.TryGetValue(key, out var v) && v is string s ? s : throw Corrupt($"metadata '{key}' is missing or not a string");

    /// <summary>A metadata integer (any integer type); throws <see cref="InvalidDataException"/> when absent.</summary>
    public long GetInteger(string key) =>
        Metadata.TryGetValue(key, out var v) && v is byte or sbyte or ushort or short or uint or int or ulong or long
            ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)
            : throw Corrupt($"metadata '{key}' is missing or not an integer");

    /// <summary>A metadata float, or <paramref name="fallback"/> when absent.</summary>
    public float GetFloat(string key, float fallback) =>
        Metadata.TryGetValue(key, out var v) && v is float or double ? Convert.ToSingle(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    /// <summary>A metadata array; throws <see cref="InvalidDataException"/> when absent.</summary>
    public object[] GetArray(string key) =>
        Metadata.TryGetValue(key, out var v) && v is object[] a ? a : throw Corrupt($"metadata '{key}' is missing or not an array");

    /// <summary>The data of an F32 tensor, straight from the mapped file (valid until disposal).</summary>
    public ReadOnlySpan<float> GetFloat32(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var t = _tensors.TryGetValue(name, out var info) ? info : throw Corrupt($"tensor '{name}' is missing");
        if (t.Type != GgufTensorType.F32)
        {
            throw Corrupt($"tensor '{name}' is {t.Type}, not F32");
        }

        return new ReadOnlySpan<float>(_base + _dataOffset + t.Offset, checked((int)t.ElementCount));
    }

    /// <summary>The tensor's elements as floats (F32 copied, F16/BF16 widened, Q8_0/Q4_0 and the K-quants dequantised) into a new array.</summary>
    public float[] ReadFloats(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var t = _tensors.TryGetValue(name, out var info) ? info : throw Corrupt($"tensor '{name}' is missing");
        var result = new float[checked((int)t.ElementCount)];
        GgmlQuantization.Dequantize(new ReadOnlySpan<byte>(_base + _dataOffset + t.Offset, checked((int)t.ByteLength)), t.Type, result);
        return result;
    }

    /// <summary>
    /// The 2-D tensor <paramref name="name"/> as a matrix (GGML's first dimension is the row length), read in place
    /// from the mapping (never copied) whatever its type: F32, F16, BF16, Q8_0, Q4_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K or Q8_K; valid until disposal.
    /// </summary>
    public WeightMatrix GetMatrix(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var t = _tensors.TryGetValue(name, out var info) ? info : throw Corrupt($"tensor '{name}' is missing");
        var columns = t.Dimensions.Count > 0 ? t.Dimensions[0] : 1;
        var rows = columns > 0 ? t.ElementCount / columns : 0;
        if (t.Dimensions.Count > 2 || rows <= 0 || columns <= 0 || rows > int.MaxValue || columns > int.MaxValue)
        {
            throw Corrupt($"tensor '{name}' is not a matrix ({string.Join(" × ", t.Dimensions)})");
        }

        var data = _base + _dataOffset + t.Offset;
        return t.Type switch
        {
            GgufTensorType.F32 => new F32WeightMatrix((float*)data, (int)rows, (int)columns, this),
            GgufTensorType.F16 => new F16WeightMatrix((Half*)data, (int)rows, (int)columns, this),
            GgufTensorType.Q8_0 => new Q8_0WeightMatrix(data, (int)rows, (int)columns, this),
            GgufTensorType.Q4_0 => new Q4_0WeightMatrix(data, (int)rows, (int)columns, this),
            GgufTensorType.BF16 => new BF16WeightMatrix((ushort*)data, (int)rows, (int)columns, this),
            GgufTensorType.Q4_K => new Q4_KWeightMatrix(data, (int)rows, (int)columns, this),
            GgufTensorType.Q6_K => new Q6_KWeightMatrix(data, (int)rows, (int)columns, this),
            GgufTensorType.Q2_K => new Q2_KWeightMatrix(data, (int)rows, (int)columns, this),
            GgufTensorType.Q3_K => new Q3_KWeightMatrix(data, (int)rows, (int)columns, this),
            GgufTensorType.Q5_K => new Q5_KWeightMatrix(data, (int)rows, (int)columns, this),
            GgufTensorType.Q8_K => new Q8_KWeightMatrix(data, (int)rows, (int)columns, this),
            _ => throw new InvalidDataException($"'{Path}': tensor '{name}' has GGML type {GgmlQuantization.TypeName((uint)t.Type)}, which is not supported yet."),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _mapping.Dispose();
    }

    internal InvalidDataException Corrupt(string why) => new($"'{Path}' is not a valid GGUF model file: {why}.");

    private sealed class Reader(GgufFile file)
    {
        public long Position { get; private set; }

        public uint ReadUInt32() => BitConverter.ToUInt32(Take(4));

        public ulong ReadUInt64() => BitConverter.ToUInt64(Take(8));

        public long ReadCount()
        {
            var v = ReadUInt64();
            return v > int.MaxValue ? throw file.Corrupt($"a count of {v} at byte {Position - 8} is implausible (corrupt or truncated)") : (long)v;
        }

        public string ReadString()
        {
            var n = ReadCount();
            return Encoding.UTF8.GetString(Take((int)n));
        }

        public object ReadValue(uint type) => type switch
        {
            0 => Take(1)[0],
            1 => (sbyte)Take(1)[0],
            2 => BitConverter.ToUInt16(Take(2)),
            3 => BitConverter.ToInt16(Take(2)),
            4 => ReadUInt32(),
            5 => BitConverter.ToInt32(Take(4)),
            6 => BitConverter.ToSingle(Take(4)),
            7 => Take(1)[0] != 0,
            8 => ReadString(),
            9 => ReadArray(),
            10 => ReadUInt64(),
            11 => BitConverter.ToInt64(Take(8)),
            12 => BitConverter.ToDouble(Take(8)),
            _ => throw file.Corrupt($"unknown metadata value type {type} at byte {Position - 4}"),
        };

        private object[] ReadArray()
        {
            var type = ReadUInt32();
            if (type == 9)
            {
                throw file.Corrupt("nested metadata arrays are not supported");
            }

            var n = ReadCount();
            if (n > file._length - Position)
            {
                // Every element takes at least one byte: a larger count is corruption, not a reason to allocate.
                throw file.Corrupt($"a metadata array of {n} elements at byte {Position - 8} runs past the end of the file (corrupt or truncated)");
            }

            var items = new object[n];
            for (long i = 0; i < n; i++)
            {
                items[i] = ReadValue(type);
            }

            return items;
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (Position + count > file._length)
            {
                throw file.Corrupt($"it ends at byte {file._length} inside its header (truncated)");
            }

            var span = new ReadOnlySpan<byte>(file._base + Position, count);
            Position += count;
            return span;
        }
    }
}
