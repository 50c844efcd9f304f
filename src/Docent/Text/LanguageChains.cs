using System.Collections.Frozen;
using Lucene.Net.Analysis.Ar;
using Lucene.Net.Analysis.Bg;
using Lucene.Net.Analysis.Cz;
using Lucene.Net.Analysis.El;
using Lucene.Net.Analysis.Fa;
using Lucene.Net.Analysis.Hi;
using Lucene.Net.Analysis.In;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;
using LuceneAnalyzers = Lucene.Net.Analysis;

namespace Docent.Text;

/// <summary>
/// The <see cref="LanguageChain"/> of every language with its own analysis: Snowball stemmers with Lucene's stop-word
/// lists for 18 European languages and Armenian, Lucene's light stemmers for Arabic, Hindi, Greek, Bulgarian and Czech,
/// Persian normalisation, and Vietnamese with its tone marks kept. English is not here: <see cref="EnglishAnalyzer"/>
/// keeps its own chain. Built once, on first use. Thread-safe (immutable).
/// </summary>
internal static class LanguageChains
{
    private static readonly Lazy<FrozenDictionary<string, LanguageChain>> Chains = new(Build);

    /// <summary>The languages with a chain of their own.</summary>
    public static IEnumerable<string> Languages => Chains.Value.Keys;

    /// <summary>The chain of <paramref name="language"/>, or null when it has none (it is analysed as English is).</summary>
    public static LanguageChain? Find(string? language) =>
        language is not (null or "en" or LanguageIdentifier.Undetermined) && Chains.Value.TryGetValue(language, out var chain) ? chain : null;

    private static FrozenDictionary<string, LanguageChain> Build()
    {
        var chains = new List<LanguageChain>
        {
            Snowball("de", LuceneAnalyzers.De.GermanAnalyzer.DefaultStopSet, () => new GermanStemmer()),
            Snowball("es", LuceneAnalyzers.Es.SpanishAnalyzer.DefaultStopSet, () => new SpanishStemmer()),
            Snowball("fr", LuceneAnalyzers.Fr.FrenchAnalyzer.DefaultStopSet, () => new FrenchStemmer()),
            Snowball("it", LuceneAnalyzers.It.ItalianAnalyzer.DefaultStopSet, () => new ItalianStemmer()),
            Snowball("pt", LuceneAnalyzers.Pt.PortugueseAnalyzer.DefaultStopSet, () => new PortugueseStemmer()),
            Snowball("nl", LuceneAnalyzers.Nl.DutchAnalyzer.DefaultStopSet, () => new DutchStemmer()),
            Snowball("sv", LuceneAnalyzers.Sv.SwedishAnalyzer.DefaultStopSet, () => new SwedishStemmer()),
            Snowball("no", LuceneAnalyzers.No.NorwegianAnalyzer.DefaultStopSet, () => new NorwegianStemmer()),
            Snowball("da", LuceneAnalyzers.Da.DanishAnalyzer.DefaultStopSet, () => new DanishStemmer()),
            Snowball("fi", LuceneAnalyzers.Fi.FinnishAnalyzer.DefaultStopSet, () => new FinnishStemmer()),
            Snowball("hu", LuceneAnalyzers.Hu.HungarianAnalyzer.DefaultStopSet, () => new HungarianStemmer()),
            Snowball("ro", LuceneAnalyzers.Ro.RomanianAnalyzer.DefaultStopSet, () => new RomanianStemmer()),
            Snowball("ru", LuceneAnalyzers.Ru.RussianAnalyzer.DefaultStopSet, () => new RussianStemmer()),
            Snowball("tr", LuceneAnalyzers.Tr.TurkishAnalyzer.DefaultStopSet, () => new TurkishStemmer(), dotlessI: true),
            Snowball("ca", LuceneAnalyzers.Ca.CatalanAnalyzer.DefaultStopSet, () => new CatalanStemmer()),
            Snowball("eu", LuceneAnalyzers.Eu.BasqueAnalyzer.DefaultStopSet, () => new BasqueStemmer()),
            Snowball("ga", LuceneAnalyzers.Ga.IrishAnalyzer.DefaultStopSet, () => new IrishStemmer()),
            Snowball("hy", LuceneAnalyzers.Hy.ArmenianAnalyzer.DefaultStopSet, () => new ArmenianStemmer()),
            new("el", LuceneAnalyzers.El.GreekAnalyzer.DefaultStopSet, () => LanguageStemmer.FromFunctions(NormalizeGreek, new GreekStemmer().Stem)),
            new("fa", LuceneAnalyzers.Fa.PersianAnalyzer.DefaultStopSet, () => LanguageStemmer.FromFunctions(NormalizePersian, null)),
            new("hi", LuceneAnalyzers.Hi.HindiAnalyzer.DefaultStopSet, () => LanguageStemmer.FromFunctions(NormalizeHindi, new HindiStemmer().Stem)),
            new("bg", LuceneAnalyzers.Bg.BulgarianAnalyzer.DefaultStopSet, () => LanguageStemmer.FromFunctions(null, new BulgarianStemmer().Stem)),
            new("cs", LuceneAnalyzers.Cz.CzechAnalyzer.DefaultStopSet, () => LanguageStemmer.FromFunctions(null, new CzechStemmer().Stem)),
            new("vi", [], null, foldDiacritics: false),
            new("zh", ChineseFunctionWords, null, segmentation: WordSegmentation.ChineseWords),
            new("th", LuceneAnalyzers.Th.ThaiAnalyzer.DefaultStopSet.Select(ComposeSaraAm).Concat(ThaiQuestionWords), null, segmentation: WordSegmentation.ThaiWords),
            new("ar", LuceneAnalyzers.Ar.ArabicAnalyzer.DefaultStopSet.Concat(ArabicQuestionWords), () => LanguageStemmer.FromFunctions(new ArabicNormalizer().Normalize, new ArabicStemmer().Stem)),
        };
        return chains.ToFrozenDictionary(c => c.Language, StringComparer.Ordinal);
    }

    /// <summary>
    /// Chinese function and question words (written for this project; SmartCn ships none): particles, pronouns,
    /// prepositions and the interrogatives a question asks with, which a passage answering it does not contain.
    /// </summary>
    private static readonly string[] ChineseFunctionWords =
    [
        "的", "了", "是", "在", "和", "与", "及", "或", "被", "把", "对", "从", "到", "以", "为", "之", "而", "于", "也", "都",
        "就", "还", "又", "个", "这", "那", "这个", "那个", "这些", "那些", "其", "他", "她", "它", "他们", "我们", "你",
        "我", "谁", "什么", "多少", "几", "哪", "哪里", "哪个", "哪些", "哪儿", "怎么", "怎样", "如何", "为什么", "何时",
        "什么时候", "吗", "呢", "吧", "啊", "得", "地", "着", "过", "所", "该", "有", "没有", "是否",
    ];

    /// <summary>Thai interrogatives (Lucene's Thai list has อะไร only).</summary>
    private static readonly string[] ThaiQuestionWords = ["ใคร", "เมื่อไร", "เมื่อไหร่", "ที่ไหน", "อย่างไร", "ทำไม", "กี่", "ไหน", "บ้าง", "หรือไม่"];

    /// <summary>Arabic interrogatives missing from Lucene's Arabic list (which has من and ما).</summary>
    private static readonly string[] ArabicQuestionWords = ["كم", "متى", "أين", "اين", "لماذا", "ماذا", "كيف", "هل", "أي", "ماهو", "ماهي"];

    /// <summary>Lucene's Thai list writes sara am as nikhahit + sara aa (ํา); Thai text writes it as one letter (ำ).</summary>
    private static string ComposeSaraAm(string word) => word.Replace("\u0E4D\u0E32", "\u0E33", StringComparison.Ordinal);

    private static LanguageChain Snowball(string language, IEnumerable<string> stopWords, Func<SnowballProgram> program, bool dotlessI = false) =>
        new(language, stopWords, () => LanguageStemmer.FromSnowball(program()), dotlessI: dotlessI);

    /// <summary>Greek as Lucene's Greek stemmer expects it: final sigma as σ, tonos and dialytika removed.</summary>
    private static int NormalizeGreek(char[] buffer, int length)
    {
        for (int i = 0; i < length; i++)
        {
            char c = buffer[i];
            if (c == 'ς')
            {
                buffer[i] = 'σ';
            }
            else if (c is >= '\u0370' and <= '\u03FF' && CharacterFolding.Fold(c) is { Length: 1 } folded)
            {
                buffer[i] = folded[0];
            }
        }

        return length;
    }

    private static int NormalizePersian(char[] buffer, int length) =>
        new PersianNormalizer().Normalize(buffer, new ArabicNormalizer().Normalize(buffer, length));

    private static int NormalizeHindi(char[] buffer, int length) =>
        new HindiNormalizer().Normalize(buffer, new IndicNormalizer().Normalize(buffer, length));
}
