using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Docent.Models.Onnx;

/// <summary>
/// One BERT-family ONNX model folder opened for inference: finds the model file and tokenizer, checks the
/// model's inputs (input_ids, optional attention_mask / token_type_ids / position_ids, int64 or int32),
/// works out the longest usable sequence, and runs padded batches of <see cref="BertEncoding"/>s.
/// Thread-safe: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// may be called concurrently, and everything else is immutable after construction.
/// </summary>
internal sealed class BertOnnxSession : IDisposable
{
    public const string DefaultModelFileName = "model.onnx";

    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";
    private const string PositionIds = "position_ids";

    private readonly InferenceSession _session;
    private readonly Dictionary<string, TensorElementType> _inputs;
    private readonly int _fixedSequenceLength;

    private BertOnnxSession(string modelPath, InferenceSession session, BertWordPieceTokenizer tokenizer, int maxSequenceLength, Dictionary<string, TensorElementType> inputs, int fixedSequenceLength)
    {
        ModelPath = modelPath;
        _session = session;
        Tokenizer = tokenizer;
        MaxSequenceLength = maxSequenceLength;
        _inputs = inputs;
        _fixedSequenceLength = fixedSequenceLength;
    }

    /// <summary>Full path of the .onnx file, or the name of a model loaded from memory.</summary>
    public string ModelPath { get; }

    public BertWordPieceTokenizer Tokenizer { get; }

    /// <summary>The requested maximum, capped by what the folder's configuration and the model allow.</summary>
    public int MaxSequenceLength { get; }

    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => _session.OutputMetadata;

    /// <summary>Opens a model folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The model or tokenizer file is missing (named in the message).</exception>
    /// <exception cref="InvalidDataException">The model or tokenizer cannot be used (the message says why).</exception>
    public static BertOnnxSession Open(string modelDirectory, string? modelFileName, int requestedMaxSequenceLength, int? intraOpThreads)
    {
        var directory = Path.GetFullPath(modelDirectory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model folder '{directory}' does not exist.");
        }

        var modelPath = FindModelFile(directory, modelFileName);
        var tokenizer = BertWordPieceTokenizer.FromModelDirectory(directory);
        return Open(modelPath, options => new InferenceSession(modelPath, options), tokenizer, ReadConfigLimit(directory), requestedMaxSequenceLength, intraOpThreads);
    }

    /// <summary>Opens a model held in memory (a packaged model's resource); no file is written.</summary>
    /// <param name="name">Names the model in messages and metadata (for example "builtin:minilm").</param>
    /// <param name="model">The ONNX graph's bytes.</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="modelLimit">The longest input the model was trained with, when known.</param>
    /// <param name="requestedMaxSequenceLength">The longest input asked for.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads; null lets the runtime choose.</param>
    /// <exception cref="InvalidDataException">The model cannot be used (the message says why).</exception>
    public static BertOnnxSession Open(string name, byte[] model, BertWordPieceTokenizer tokenizer, int? modelLimit, int requestedMaxSequenceLength, int? intraOpThreads) =>
        Open(name, options => new InferenceSession(model, options), tokenizer, modelLimit, requestedMaxSequenceLength, intraOpThreads);

    private static BertOnnxSession Open(
        string modelPath, Func<SessionOptions, InferenceSession> load, BertWordPieceTokenizer tokenizer, int? configLimit, int requestedMaxSequenceLength, int? intraOpThreads)
    {
        InferenceSession session;
        var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try
        {
            if (intraOpThreads is { } threads)
            {
                sessionOptions.IntraOpNumThreads = threads;
            }

            session = load(sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX model '{modelPath}' cannot be loaded: {e.Message}", e);
        }
        finally
        {
            sessionOptions.Dispose();
        }

        try
        {
            var (inputs, fixedLength) = ReadInputs(modelPath, session);
            var max = requestedMaxSequenceLength;
            foreach (var cap in new[] { configLimit, tokenizer.ModelMaxLength, fixedLength > 0 ? fixedLength : (int?)null })
            {
                if (cap is > 2)
                {
                    max = Math.Min(max, cap.Value);
                }
            }

            return new BertOnnxSession(modelPath, session, tokenizer, max, inputs, fixedLength);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs one batch padded to its longest encoding (or to the model's fixed length) and returns the
    /// requested output with its shape.
    /// </summary>
    public (float[] Values, long[] Shape, int PaddedLength) Run(IReadOnlyList<BertEncoding> batch, string outputName)
    {
        var rows = batch.Count;
        var length = _fixedSequenceLength > 0 ? _fixedSequenceLength : batch.Max(e => e.Length);
        var shape = new long[] { rows, length };
        var names = new List<string>(_inputs.Count);
        var values = new List<OrtValue>(_inputs.Count);
        try
        {
            foreach (var (name, type) in _inputs)
            {
                var data = new long[rows * length];
                for (var r = 0; r < rows; r++)
                {
                    var row = data.AsSpan(r * length, length);
                    var encoding = batch[r];
                    switch (name)
                    {
                        case InputIds:
                            encoding.InputIds.Span.CopyTo(row);
                            row[encoding.Length..].Fill(Tokenizer.PaddingTokenId);
                            break;
                        case AttentionMask:
                            encoding.AttentionMask.Span.CopyTo(row);
                            break;
                        case TokenTypeIds:
                            encoding.TokenTypeIds.Span.CopyTo(row);
                            break;
                        case PositionIds:
                            for (var i = 0; i < length; i++)
                            {
                                row[i] = i;
                            }

                            break;
                    }
                }

                names.Add(name);
                values.Add(type == TensorElementType.Int32
                    ? OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (int)v), shape)
                    : OrtValue.CreateTensorValueFromMemory(data, shape));
            }

            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, [outputName]);
            var output = outputs[0];
            var info = output.GetTensorTypeAndShape();
            if (info.ElementDataType != TensorElementType.Float)
            {
                throw new InvalidDataException($"ONNX model '{ModelPath}': output '{outputName}' is {info.ElementDataType}, expected float.");
            }

            return (output.GetTensorDataAsSpan<float>().ToArray(), info.Shape, length);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private static string FindModelFile(string directory, string? modelFileName)
    {
        if (modelFileName is not null)
        {
            var path = Path.GetFullPath(Path.Combine(directory, modelFileName));
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        var candidates = new[] { Path.Combine(directory, DefaultModelFileName), Path.Combine(directory, "onnx", DefaultModelFileName) };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"Model folder '{directory}' has no ONNX model: expected '{DefaultModelFileName}' or 'onnx/{DefaultModelFileName}'.", candidates[0]);
    }

    private static (Dictionary<string, TensorElementType> Inputs, int FixedLength) ReadInputs(string modelPath, InferenceSession session)
    {
        var inputs = new Dictionary<string, TensorElementType>(StringComparer.Ordinal);
        var fixedLength = 0;
        foreach (var (name, metadata) in session.InputMetadata)
        {
            if (name is not (InputIds or AttentionMask or TokenTypeIds or PositionIds))
            {
                throw new InvalidDataException(
                    $"ONNX model '{modelPath}' has input '{name}'; a BERT-family model takes {InputIds} and optionally {AttentionMask}, {TokenTypeIds}, {PositionIds}.");
            }

            var type = metadata.IsTensor ? metadata.ElementDataType : TensorElementType.DataTypeMax;
            if (type is not (TensorElementType.Int64 or TensorElementType.Int32) || metadata.Dimensions.Length != 2)
            {
                throw new InvalidDataException(
                    $"ONNX model '{modelPath}': input '{name}' is {type} [{string.Join(", ", metadata.Dimensions)}]; expected int64 or int32 [batch, sequence].");
            }

            if (metadata.Dimensions[1] > 0)
            {
                fixedLength = metadata.Dimensions[1];
            }

            inputs[name] = type;
        }

        if (!inputs.ContainsKey(InputIds))
        {
            throw new InvalidDataException(
                $"ONNX model '{modelPath}' has no '{InputIds}' input (inputs: {string.Join(", ", session.InputMetadata.Keys)}).");
        }

        return (inputs, fixedLength);
    }

    /// <summary>The smallest length limit in config.json (max_position_embeddings) and sentence_bert_config.json (max_seq_length).</summary>
    private static int? ReadConfigLimit(string directory)
    {
        int? limit = null;
        foreach (var (file, property) in new[] { ("config.json", "max_position_embeddings"), ("sentence_bert_config.json", "max_seq_length") })
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty(property, out var value) && value.TryGetInt32(out var number) && number > 0)
                {
                    limit = limit is null ? number : Math.Min(limit.Value, number);
                }
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"Model configuration '{path}' is not valid JSON: {e.Message}", e);
            }
        }

        return limit;
    }
}
