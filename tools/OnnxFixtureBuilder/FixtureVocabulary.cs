namespace Docent.OnnxFixtureBuilder;

/// <summary>
/// The small WordPiece vocabulary of the test fixtures: BERT's five special tokens, ASCII punctuation,
/// digits and letters (whole and as "##" continuations), and a few hundred common English words, so that
/// any lower-case ASCII text tokenises (mostly into whole words). Immutable.
/// </summary>
internal static class FixtureVocabulary
{
    private const string Words =
        "the of and to in is was for on that with as by at it from he his an be are which this or had not but " +
        "first one their its new after who they have her she two been other when there all during into school " +
        "time may years more most only over city some world would where later up such used many can state about " +
        "national out known university united then made team american so between while also both three year " +
        "part well under were we you your our what how why does do did has what than many any each every " +
        "question answer document documents search find found text page pages book books chapter section " +
        "policy travel hotel train flight expense expenses claim claims receipt card company employee manager " +
        "day days week month months night nights price cost money paid pay leave holiday work office home " +
        "water fire earth air sun moon star light dark cold warm hot small large big little long short old young " +
        "good bad best better great high low right left north south east west red blue green white black " +
        "cat cats dog dogs bird fish tree trees river sea mountain city town road car cars bus ship " +
        "run runs ran walk eat drink sleep read write reads wrote see saw look go goes went come came take took " +
        "give gave make get got say said tell told think know knew want need like love help use " +
        "man woman men women child children people person family friend house room door window table chair " +
        "food bread milk tea coffee apple apples orange fruit rice meat " +
        "number numbers one two three four five six seven eight nine ten hundred thousand million " +
        "hello world model models vector vectors embedding embeddings query passage rank ranking " +
        "quick brown fox jumps lazy learning machine data set test tests";

    /// <summary>The tokens in id order.</summary>
    public static IReadOnlyList<string> Tokens { get; } = Build();

    private static List<string> Build()
    {
        var tokens = new List<string> { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" };
        for (var c = '!'; c <= '~'; c++)
        {
            if (!char.IsLetterOrDigit(c))
            {
                tokens.Add(c.ToString());
            }
        }

        for (var c = '0'; c <= '9'; c++)
        {
            tokens.Add(c.ToString());
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            tokens.Add(c.ToString());
        }

        foreach (var c in "0123456789abcdefghijklmnopqrstuvwxyz")
        {
            tokens.Add("##" + c);
        }

        foreach (var suffix in new[] { "##s", "##ed", "##ing", "##er", "##ly", "##es" })
        {
            if (!tokens.Contains(suffix))
            {
                tokens.Add(suffix);
            }
        }

        foreach (var word in Words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!tokens.Contains(word))
            {
                tokens.Add(word);
            }
        }

        return tokens;
    }
}
