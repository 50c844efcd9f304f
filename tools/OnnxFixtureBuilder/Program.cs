using System.Text.Json;
using Docent.OnnxFixtureBuilder;

// Writes the ONNX test fixtures. Usage: dotnet run --project tools/OnnxFixtureBuilder [-- OUTPUT_FOLDER]
// (default: tests/Docent.Tests/Fixtures/onnx under the folder holding Docent.slnx).
var output = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(FindRoot(), "tests", "Docent.Tests", "Fixtures", "onnx");
var vocabulary = FixtureVocabulary.Tokens;

var encoderFolder = Path.Combine(output, "tiny-bert");
Directory.CreateDirectory(encoderFolder);
var encoder = new TinyBert(vocabulary.Count, seed: 20240611, withClassifier: false);
File.WriteAllBytes(Path.Combine(encoderFolder, "model.onnx"), encoder.ToOnnx());
File.WriteAllText(Path.Combine(encoderFolder, "vocab.txt"), string.Join("\n", vocabulary) + "\n");
WriteConfig(Path.Combine(encoderFolder, "config.json"), vocabulary.Count, "BertModel");

var crossFolder = Path.Combine(output, "tiny-cross-encoder");
Directory.CreateDirectory(crossFolder);
var cross = new TinyBert(vocabulary.Count, seed: 20240612, withClassifier: true);
File.WriteAllBytes(Path.Combine(crossFolder, "model.onnx"), cross.ToOnnx());
WriteTokenizerJson(Path.Combine(crossFolder, "tokenizer.json"), vocabulary);
WriteConfig(Path.Combine(crossFolder, "config.json"), vocabulary.Count, "BertForSequenceClassification");

foreach (var file in Directory.GetFiles(output, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    Console.WriteLine($"{Path.GetRelativePath(output, file),-40} {new FileInfo(file).Length,9:N0} bytes");
}

static void WriteConfig(string path, int vocabularySize, string architecture)
{
    var config = new Dictionary<string, object>
    {
        ["architectures"] = new[] { architecture },
        ["model_type"] = "bert",
        ["vocab_size"] = vocabularySize,
        ["hidden_size"] = TinyBert.Hidden,
        ["num_hidden_layers"] = 1,
        ["num_attention_heads"] = TinyBert.Heads,
        ["intermediate_size"] = TinyBert.Intermediate,
        ["hidden_act"] = "gelu",
        ["max_position_embeddings"] = TinyBert.MaxPositions,
        ["type_vocab_size"] = TinyBert.TypeVocabulary,
        ["layer_norm_eps"] = TinyBert.LayerNormEpsilon,
    };
    File.WriteAllText(path, JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }) + "\n");
}

static void WriteTokenizerJson(string path, IReadOnlyList<string> vocabulary)
{
    var vocab = new Dictionary<string, int>();
    for (var i = 0; i < vocabulary.Count; i++)
    {
        vocab[vocabulary[i]] = i;
    }

    var special = (string token) => new Dictionary<string, object> { ["id"] = token, ["type_id"] = 0 };
    var tokenizer = new Dictionary<string, object?>
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["normalizer"] = new Dictionary<string, object?>
        {
            ["type"] = "BertNormalizer",
            ["clean_text"] = true,
            ["handle_chinese_chars"] = true,
            ["strip_accents"] = null,
            ["lowercase"] = true,
        },
        ["pre_tokenizer"] = new Dictionary<string, object> { ["type"] = "BertPreTokenizer" },
        ["post_processor"] = new Dictionary<string, object>
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new object[]
            {
                new Dictionary<string, object> { ["SpecialToken"] = special("[CLS]") },
                new Dictionary<string, object> { ["Sequence"] = new Dictionary<string, object> { ["id"] = "A", ["type_id"] = 0 } },
                new Dictionary<string, object> { ["SpecialToken"] = special("[SEP]") },
            },
        },
        ["model"] = new Dictionary<string, object>
        {
            ["type"] = "WordPiece",
            ["unk_token"] = "[UNK]",
            ["continuing_subword_prefix"] = "##",
            ["max_input_chars_per_word"] = 100,
            ["vocab"] = vocab,
        },
    };
    File.WriteAllText(path, JsonSerializer.Serialize(tokenizer, new JsonSerializerOptions { WriteIndented = true }) + "\n");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Docent.slnx")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the Docent checkout, or pass the output folder.");
}
