namespace Docent.OnnxFixtureBuilder;

/// <summary>
/// A one-layer BERT encoder with random weights from a fixed seed, written as an ONNX graph (opset 17):
/// embeddings (word + position + token type, LayerNorm), one self-attention block with an additive
/// attention-mask bias, an erf-GELU feed-forward block, and optionally a pooler + classifier head giving
/// cross-encoder logits [batch, 1]. Linear weights are stored [in, out], ready for MatMul. Immutable.
/// </summary>
internal sealed class TinyBert
{
    public const int Hidden = 32;
    public const int Heads = 2;
    public const int Intermediate = 64;
    public const int MaxPositions = 64;
    public const int TypeVocabulary = 2;
    public const float LayerNormEpsilon = 1e-12f;
    public const float MaskBias = -10000f;

    private readonly Dictionary<string, (float[] Values, long[] Dims)> _weights = [];

    public TinyBert(int vocabularySize, ulong seed, bool withClassifier)
    {
        VocabularySize = vocabularySize;
        WithClassifier = withClassifier;
        var random = new SeededRandom(seed);
        var linear = 1.7f / MathF.Sqrt(Hidden); // uniform bound with variance ~1/fan-in
        Add("embeddings.word_embeddings.weight", random.Uniform(vocabularySize * Hidden, 0.9f), vocabularySize, Hidden);
        Add("embeddings.position_embeddings.weight", random.Uniform(MaxPositions * Hidden, 0.5f), MaxPositions, Hidden);
        Add("embeddings.token_type_embeddings.weight", random.Uniform(TypeVocabulary * Hidden, 0.5f), TypeVocabulary, Hidden);
        AddLayerNorm(random, "embeddings.LayerNorm");
        foreach (var name in new[] { "query", "key", "value" })
        {
            Add($"encoder.layer.0.attention.self.{name}.weight", random.Uniform(Hidden * Hidden, linear), Hidden, Hidden);
            Add($"encoder.layer.0.attention.self.{name}.bias", random.Uniform(Hidden, 0.1f), Hidden);
        }

        Add("encoder.layer.0.attention.output.dense.weight", random.Uniform(Hidden * Hidden, linear), Hidden, Hidden);
        Add("encoder.layer.0.attention.output.dense.bias", random.Uniform(Hidden, 0.1f), Hidden);
        AddLayerNorm(random, "encoder.layer.0.attention.output.LayerNorm");
        Add("encoder.layer.0.intermediate.dense.weight", random.Uniform(Hidden * Intermediate, linear), Hidden, Intermediate);
        Add("encoder.layer.0.intermediate.dense.bias", random.Uniform(Intermediate, 0.1f), Intermediate);
        Add("encoder.layer.0.output.dense.weight", random.Uniform(Intermediate * Hidden, 1.7f / MathF.Sqrt(Intermediate)), Intermediate, Hidden);
        Add("encoder.layer.0.output.dense.bias", random.Uniform(Hidden, 0.1f), Hidden);
        AddLayerNorm(random, "encoder.layer.0.output.LayerNorm");
        if (withClassifier)
        {
            Add("pooler.dense.weight", random.Uniform(Hidden * Hidden, linear), Hidden, Hidden);
            Add("pooler.dense.bias", random.Uniform(Hidden, 0.1f), Hidden);
            Add("classifier.weight", random.Uniform(Hidden, linear), Hidden, 1);
            Add("classifier.bias", random.Uniform(1, 0.1f), 1);
        }
    }

    public int VocabularySize { get; }

    public bool WithClassifier { get; }

    /// <summary>The serialised ModelProto.</summary>
    public byte[] ToOnnx()
    {
        var g = new OnnxGraph();
        g.Input("input_ids", OnnxGraph.Int64, "batch", "sequence");
        g.Input("attention_mask", OnnxGraph.Int64, "batch", "sequence");
        g.Input("token_type_ids", OnnxGraph.Int64, "batch", "sequence");
        foreach (var (name, (values, dims)) in _weights)
        {
            g.Weight(name, values, dims);
        }

        var zero = g.Int64s("const.zero", [0]);
        var one = g.Int64s("const.one", [1]);
        var headShape = g.Int64s("const.head_shape", [0, 0, Heads, Hidden / Heads], 4);
        var hiddenShape = g.Int64s("const.hidden_shape", [0, 0, Hidden], 3);
        var maskAxes = g.Int64s("const.mask_axes", [1, 2], 2);
        var scale = g.FloatScalar("const.attention_scale", 1f / MathF.Sqrt(Hidden / Heads));
        var oneF = g.FloatScalar("const.one_f", 1f);
        var half = g.FloatScalar("const.half", 0.5f);
        var sqrt2 = g.FloatScalar("const.sqrt2", MathF.Sqrt(2f));
        var maskBias = g.FloatScalar("const.mask_bias", MaskBias);

        // Embeddings: position ids are Range(0, sequence length).
        var shape = g.Node("Shape", "ids_shape", ["input_ids"]);
        var length = g.Node("Gather", "sequence_length", [shape, one], ("axis", 0L));
        var positions = g.Node("Range", "position_ids", [zero, length, one]);
        var words = g.Node("Gather", "word_embeds", ["embeddings.word_embeddings.weight", "input_ids"]);
        var pos = g.Node("Gather", "position_embeds", ["embeddings.position_embeddings.weight", positions]);
        var types = g.Node("Gather", "type_embeds", ["embeddings.token_type_embeddings.weight", "token_type_ids"]);
        var sum = g.Node("Add", "embeds_sum0", [words, pos]);
        sum = g.Node("Add", "embeds_sum1", [sum, types]);
        var x0 = LayerNorm(g, sum, "embeddings.LayerNorm", "embeddings_out");

        // Self-attention.
        const string p = "encoder.layer.0.attention.self.";
        var q = Linear(g, x0, p + "query", "q");
        var k = Linear(g, x0, p + "key", "k");
        var v = Linear(g, x0, p + "value", "v");
        var qh = g.Node("Transpose", "q_heads", [g.Node("Reshape", "q_split", [q, headShape])], ("perm", new long[] { 0, 2, 1, 3 }));
        var kt = g.Node("Transpose", "k_heads_t", [g.Node("Reshape", "k_split", [k, headShape])], ("perm", new long[] { 0, 2, 3, 1 }));
        var vh = g.Node("Transpose", "v_heads", [g.Node("Reshape", "v_split", [v, headShape])], ("perm", new long[] { 0, 2, 1, 3 }));
        var scores = g.Node("Mul", "scores_scaled", [g.Node("MatMul", "scores", [qh, kt]), scale]);
        var maskF = g.Node("Cast", "mask_float", ["attention_mask"], ("to", (long)OnnxGraph.Float));
        var maskAdd = g.Node("Mul", "mask_bias", [g.Node("Sub", "mask_inverted", [oneF, maskF]), maskBias]);
        var mask4 = g.Node("Unsqueeze", "mask_bias_4d", [maskAdd, maskAxes]);
        var probs = g.Node("Softmax", "attention_probs", [g.Node("Add", "scores_masked", [scores, mask4])], ("axis", -1L));
        var context = g.Node("MatMul", "context_heads", [probs, vh]);
        context = g.Node("Transpose", "context_t", [context], ("perm", new long[] { 0, 2, 1, 3 }));
        context = g.Node("Reshape", "context", [context, hiddenShape]);
        var attention = Linear(g, context, "encoder.layer.0.attention.output.dense", "attention_dense");
        var x1 = LayerNorm(g, g.Node("Add", "attention_residual", [attention, x0]), "encoder.layer.0.attention.output.LayerNorm", "attention_out");

        // Feed-forward with exact GELU: 0.5 * h * (1 + erf(h / sqrt 2)).
        var h = Linear(g, x1, "encoder.layer.0.intermediate.dense", "intermediate");
        var erf = g.Node("Erf", "gelu_erf", [g.Node("Div", "gelu_scaled", [h, sqrt2])]);
        var gelu = g.Node("Mul", "gelu", [g.Node("Mul", "gelu_product", [h, g.Node("Add", "gelu_shift", [erf, oneF])]), half]);
        var ffn = Linear(g, gelu, "encoder.layer.0.output.dense", "ffn_out");
        var hiddenState = LayerNorm(g, g.Node("Add", "ffn_residual", [ffn, x1]), "encoder.layer.0.output.LayerNorm", "last_hidden_state");

        if (WithClassifier)
        {
            var cls = g.Node("Gather", "cls_state", [hiddenState, zero], ("axis", 1L));
            var pooled = g.Node("Tanh", "pooled", [Linear(g, cls, "pooler.dense", "pooler_dense")]);
            Linear(g, pooled, "classifier", "logits");
            g.Output("logits", OnnxGraph.Float, "batch", 1);
        }
        else
        {
            g.Output("last_hidden_state", OnnxGraph.Float, "batch", "sequence", Hidden);
        }

        return g.ToModel(
            WithClassifier ? "tiny_bert_cross_encoder" : "tiny_bert",
            "Random-weight test fixture made by tools/OnnxFixtureBuilder; not a trained model.");
    }

    private static string Linear(OnnxGraph g, string input, string prefix, string output) =>
        g.Node("Add", output, [g.Node("MatMul", output + "_matmul", [input, prefix + ".weight"]), prefix + ".bias"]);

    private static string LayerNorm(OnnxGraph g, string input, string prefix, string output) =>
        g.Node("LayerNormalization", output, [input, prefix + ".weight", prefix + ".bias"], ("axis", -1L), ("epsilon", LayerNormEpsilon));

    private void Add(string name, float[] values, params long[] dims) => _weights.Add(name, (values, dims));

    private void AddLayerNorm(SeededRandom random, string prefix)
    {
        Add(prefix + ".weight", random.Uniform(Hidden, 0.2f, center: 1f), Hidden);
        Add(prefix + ".bias", random.Uniform(Hidden, 0.1f), Hidden);
    }
}
