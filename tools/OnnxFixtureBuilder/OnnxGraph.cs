namespace Docent.OnnxFixtureBuilder;

/// <summary>
/// Collects the nodes, initializers, inputs and outputs of one ONNX graph and serialises them as a
/// ModelProto (field numbers from onnx.proto). Not thread-safe.
/// </summary>
internal sealed class OnnxGraph
{
    // onnx.proto TensorProto.DataType values.
    public const int Float = 1;
    public const int Int64 = 7;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private int _nodeCount;

    public void Input(string name, int elementType, params object[] dims) => _inputs.Add(ValueInfo(name, elementType, dims));

    public void Output(string name, int elementType, params object[] dims) => _outputs.Add(ValueInfo(name, elementType, dims));

    /// <summary>A float initializer stored as little-endian raw_data.</summary>
    public string Weight(string name, float[] values, params long[] dims)
    {
        if (values.Length != dims.Aggregate(1L, (a, b) => a * b))
        {
            throw new ArgumentException($"{name}: {values.Length} values do not fill shape [{string.Join(",", dims)}].");
        }

        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(raw.AsSpan(i * 4), values[i]);
            if (!BitConverter.IsLittleEndian)
            {
                raw.AsSpan(i * 4, 4).Reverse();
            }
        }

        _initializers.Add(new ProtoWriter().PackedInt64(1, dims).Int64(2, Float).String(8, name).Bytes(9, raw));
        return name;
    }

    public string FloatScalar(string name, float value) => Weight(name, [value]);

    /// <summary>An int64 initializer (int64_data); a scalar when <paramref name="dims"/> is empty.</summary>
    public string Int64s(string name, long[] values, params long[] dims)
    {
        _initializers.Add(new ProtoWriter().PackedInt64(1, dims).Int64(2, Int64).String(8, name).PackedInt64(7, values));
        return name;
    }

    /// <summary>Adds a node; returns the name of its (single) output.</summary>
    public string Node(string opType, string output, string[] inputs, params (string Name, object Value)[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        node.String(2, output).String(3, $"{opType}_{_nodeCount++}").String(4, opType);
        foreach (var (name, value) in attributes)
        {
            var attribute = new ProtoWriter().String(1, name);
            switch (value)
            {
                case float f:
                    attribute.Float(2, f).Int64(20, 1); // AttributeType.FLOAT
                    break;
                case long i:
                    attribute.Int64(3, i).Int64(20, 2); // AttributeType.INT
                    break;
                case long[] ints:
                    attribute.PackedInt64(8, ints).Int64(20, 7); // AttributeType.INTS
                    break;
                default:
                    throw new ArgumentException($"Unsupported attribute {name}: {value}");
            }

            node.Message(5, attribute);
        }

        _nodes.Add(node);
        return output;
    }

    public byte[] ToModel(string graphName, string docString)
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, graphName);
        foreach (var initializer in _initializers)
        {
            graph.Message(5, initializer);
        }

        foreach (var input in _inputs)
        {
            graph.Message(11, input);
        }

        foreach (var output in _outputs)
        {
            graph.Message(12, output);
        }

        var opset = new ProtoWriter().String(1, "").Int64(2, 17);
        return new ProtoWriter()
            .Int64(1, 8) // IR version 8 (ONNX 1.10+), enough for opset 17
            .String(2, "Docent.OnnxFixtureBuilder")
            .String(3, "1")
            .String(6, docString)
            .Message(7, graph)
            .Message(8, opset)
            .ToArray();
    }

    private static ProtoWriter ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            var dimension = dim switch
            {
                string symbol => new ProtoWriter().String(2, symbol),
                int value => new ProtoWriter().Int64(1, value),
                _ => throw new ArgumentException($"Bad dimension {dim}"),
            };
            shape.Message(1, dimension);
        }

        var tensorType = new ProtoWriter().Int64(1, elementType).Message(2, shape);
        var type = new ProtoWriter().Message(1, tensorType);
        return new ProtoWriter().String(1, name).Message(2, type);
    }
}
