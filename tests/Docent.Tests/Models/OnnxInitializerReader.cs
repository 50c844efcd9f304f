using Google.Protobuf;

namespace Docent.Tests.Models;

/// <summary>
/// Reads the float initializers (weights) of an ONNX file back with Google.Protobuf's CodedInputStream
/// (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto dims = 1, data_type = 2, name = 8,
/// raw_data = 9, float_data = 4). Stateless.
/// </summary>
internal static class OnnxInitializerReader
{
    private const int FloatType = 1;

    public static Dictionary<string, (float[] Values, long[] Dims)> ReadFloatInitializers(string modelPath)
    {
        var weights = new Dictionary<string, (float[], long[])>(StringComparer.Ordinal);
        foreach (var graph in Fields(File.ReadAllBytes(modelPath), 7))
        {
            foreach (var tensor in Fields(graph, 5))
            {
                var (name, type, dims, values) = ReadTensor(tensor);
                if (type == FloatType)
                {
                    weights[name] = (values, dims);
                }
            }
        }

        return weights;
    }

    private static IEnumerable<byte[]> Fields(byte[] message, int fieldNumber)
    {
        var input = new CodedInputStream(message);
        var found = new List<byte[]>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == fieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }

    private static (string Name, int Type, long[] Dims, float[] Values) ReadTensor(byte[] tensor)
    {
        var input = new CodedInputStream(tensor);
        var name = "";
        var type = 0;
        var dims = new List<long>();
        var values = new List<float>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var wire = WireFormat.GetTagWireType(tag);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when wire == WireFormat.WireType.LengthDelimited:
                    var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                    while (!packed.IsAtEnd)
                    {
                        dims.Add(packed.ReadInt64());
                    }

                    break;
                case 1:
                    dims.Add(input.ReadInt64());
                    break;
                case 2:
                    type = input.ReadInt32();
                    break;
                case 8:
                    name = input.ReadString();
                    break;
                case 9:
                    var raw = input.ReadBytes().ToByteArray();
                    for (var i = 0; i + 4 <= raw.Length; i += 4)
                    {
                        values.Add(BitConverter.ToSingle(raw, i));
                    }

                    break;
                case 4 when wire == WireFormat.WireType.LengthDelimited:
                    var floats = new CodedInputStream(input.ReadBytes().ToByteArray());
                    while (!floats.IsAtEnd)
                    {
                        values.Add(floats.ReadFloat());
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (name, type, dims.ToArray(), values.ToArray());
    }
}
