using System.Collections.Frozen;

namespace Docent.Text;

/// <summary>
/// Folds a character to its plain lower-case form: diacritics stripped, compatibility forms (ligatures,
/// full-width letters, superscripts, circled numbers) expanded, a few letters without a decomposition
/// transliterated (ß → ss, æ → ae, ø → o, ł → l, þ → th). Hand-written rather than
/// <see cref="string.Normalize(System.Text.NormalizationForm)"/> because the engine runs with
/// InvariantGlobalization, where normalisation of non-ASCII text silently does nothing, and because an
/// index must analyse text identically on every host. The table was generated once from Unicode's NFKD
/// decompositions (marks dropped, result kept only when it is letters or digits) for Latin, Greek,
/// Cyrillic, letter-like number forms and full-width blocks. Thread-safe (immutable).
/// </summary>
internal static class CharacterFolding
{
    // Entries "<source><folded>" separated by single spaces.
    private const string Table =
        "ªa ²2 ³3 µμ ¹1 ºo Àa Áa Âa Ãa Äa Åa Æae Çc Èe Ée Êe Ëe Ìi Íi Îi Ïi Ðd Ñn Òo Óo Ôo Õo Öo " +
        "Øo Ùu Úu Ûu Üu Ýy Þth ßss àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo " +
        "õo öo øo ùu úu ûu üu ýy þth ÿy Āa āa Ăa ăa Ąa ąa Ćc ćc Ĉc ĉc Ċc ċc Čc čc Ďd ďd Đd đd Ēe " +
        "ēe Ĕe ĕe Ėe ėe Ęe ęe Ěe ěe Ĝg ĝg Ğg ğg Ġg ġg Ģg ģg Ĥh ĥh Ħh ħh Ĩi ĩi Īi īi Ĭi ĭi Įi įi İi " +
        "ıi Ĳij ĳij Ĵj ĵj Ķk ķk Ĺl ĺl Ļl ļl Ľl ľl Łl łl Ńn ńn Ņn ņn Ňn ňn Ōo ōo Ŏo ŏo Őo őo Œoe " +
        "œoe Ŕr ŕr Ŗr ŗr Řr řr Śs śs Ŝs ŝs Şs şs Šs šs Ţt ţt Ťt ťt Ŧt ŧt Ũu ũu Ūu ūu Ŭu ŭu Ůu ůu " +
        "Űu űu Ųu ųu Ŵw ŵw Ŷy ŷy Ÿy Źz źz Żz żz Žz žz ſs Ơo ơo Ưu ưu Ǆdz ǅdz ǆdz Ǉlj ǈlj ǉlj Ǌnj " +
        "ǋnj ǌnj Ǎa ǎa Ǐi ǐi Ǒo ǒo Ǔu ǔu Ǖu ǖu Ǘu ǘu Ǚu ǚu Ǜu ǜu Ǟa ǟa Ǡa ǡa Ǣae ǣae Ǧg ǧg Ǩk ǩk " +
        "Ǫo ǫo Ǭo ǭo Ǯʒ ǯʒ ǰj Ǳdz ǲdz ǳdz Ǵg ǵg Ǹn ǹn Ǻa ǻa Ǽae ǽae Ǿo ǿo Ȁa ȁa Ȃa ȃa Ȅe ȅe Ȇe ȇe " +
        "Ȉi ȉi Ȋi ȋi Ȍo ȍo Ȏo ȏo Ȑr ȑr Ȓr ȓr Ȕu ȕu Ȗu ȗu Șs șs Țt țt Ȟh ȟh Ȧa ȧa Ȩe ȩe Ȫo ȫo Ȭo ȭo " +
        "Ȯo ȯo Ȱo ȱo Ȳy ȳy Άα Έε Ήη Ίι Όο Ύυ Ώω ΐι Ϊι Ϋυ άα έε ήη ίι ΰυ ϊι ϋυ όο ύυ ώω ϐβ ϑθ ϒυ ϓυ " +
        "ϔυ ϕφ ϖπ ϰκ ϱρ ϲς ϵε Ϲς Ѐе Ёе Ѓг Їі Ќк Ѝи Ўу Йи йи ѐе ёе ѓг їі ќк ѝи ўу Ѷѵ ѷѵ Ӂж ӂж Ӑа ӑа " +
        "Ӓа ӓа Ӗе ӗе Ӛә ӛә Ӝж ӝж Ӟз ӟз Ӣи ӣи Ӥи ӥи Ӧо ӧо Ӫө ӫө Ӭэ ӭэ Ӯу ӯу Ӱу ӱу Ӳу ӳу Ӵч ӵч Ӹы ӹы " +
        "Ḁa ḁa Ḃb ḃb Ḅb ḅb Ḇb ḇb Ḉc ḉc Ḋd ḋd Ḍd ḍd Ḏd ḏd Ḑd ḑd Ḓd ḓd Ḕe ḕe Ḗe ḗe Ḙe ḙe Ḛe ḛe Ḝe ḝe " +
        "Ḟf ḟf Ḡg ḡg Ḣh ḣh Ḥh ḥh Ḧh ḧh Ḩh ḩh Ḫh ḫh Ḭi ḭi Ḯi ḯi Ḱk ḱk Ḳk ḳk Ḵk ḵk Ḷl ḷl Ḹl ḹl Ḻl ḻl " +
        "Ḽl ḽl Ḿm ḿm Ṁm ṁm Ṃm ṃm Ṅn ṅn Ṇn ṇn Ṉn ṉn Ṋn ṋn Ṍo ṍo Ṏo ṏo Ṑo ṑo Ṓo ṓo Ṕp ṕp Ṗp ṗp Ṙr ṙr " +
        "Ṛr ṛr Ṝr ṝr Ṟr ṟr Ṡs ṡs Ṣs ṣs Ṥs ṥs Ṧs ṧs Ṩs ṩs Ṫt ṫt Ṭt ṭt Ṯt ṯt Ṱt ṱt Ṳu ṳu Ṵu ṵu Ṷu ṷu " +
        "Ṹu ṹu Ṻu ṻu Ṽv ṽv Ṿv ṿv Ẁw ẁw Ẃw ẃw Ẅw ẅw Ẇw ẇw Ẉw ẉw Ẋx ẋx Ẍx ẍx Ẏy ẏy Ẑz ẑz Ẓz ẓz Ẕz ẕz " +
        "ẖh ẗt ẘw ẙy ẛs ẞss Ạa ạa Ảa ảa Ấa ấa Ầa ầa Ẩa ẩa Ẫa ẫa Ậa ậa Ắa ắa Ằa ằa Ẳa ẳa Ẵa ẵa Ặa " +
        "ặa Ẹe ẹe Ẻe ẻe Ẽe ẽe Ếe ếe Ềe ềe Ểe ểe Ễe ễe Ệe ệe Ỉi ỉi Ịi ịi Ọo ọo Ỏo ỏo Ốo ốo Ồo ồo Ổo " +
        "ổo Ỗo ỗo Ộo ộo Ớo ớo Ờo ờo Ởo ởo Ỡo ỡo Ợo ợo Ụu ụu Ủu ủu Ứu ứu Ừu ừu Ửu ửu Ữu ữu Ựu ựu Ỳy " +
        "ỳy Ỵy ỵy Ỷy ỷy Ỹy ỹy ἀα ἁα ἂα ἃα ἄα ἅα ἆα ἇα Ἀα Ἁα Ἂα Ἃα Ἄα Ἅα Ἆα Ἇα ἐε ἑε ἒε ἓε ἔε ἕε Ἐε " +
        "Ἑε Ἒε Ἓε Ἔε Ἕε ἠη ἡη ἢη ἣη ἤη ἥη ἦη ἧη Ἠη Ἡη Ἢη Ἣη Ἤη Ἥη Ἦη Ἧη ἰι ἱι ἲι ἳι ἴι ἵι ἶι ἷι Ἰι " +
        "Ἱι Ἲι Ἳι Ἴι Ἵι Ἶι Ἷι ὀο ὁο ὂο ὃο ὄο ὅο Ὀο Ὁο Ὂο Ὃο Ὄο Ὅο ὐυ ὑυ ὒυ ὓυ ὔυ ὕυ ὖυ ὗυ Ὑυ Ὓυ Ὕυ " +
        "Ὗυ ὠω ὡω ὢω ὣω ὤω ὥω ὦω ὧω Ὠω Ὡω Ὢω Ὣω Ὤω Ὥω Ὦω Ὧω ὰα άα ὲε έε ὴη ήη ὶι ίι ὸο όο ὺυ ύυ ὼω " +
        "ώω ᾀα ᾁα ᾂα ᾃα ᾄα ᾅα ᾆα ᾇα ᾈα ᾉα ᾊα ᾋα ᾌα ᾍα ᾎα ᾏα ᾐη ᾑη ᾒη ᾓη ᾔη ᾕη ᾖη ᾗη ᾘη ᾙη ᾚη ᾛη ᾜη " +
        "ᾝη ᾞη ᾟη ᾠω ᾡω ᾢω ᾣω ᾤω ᾥω ᾦω ᾧω ᾨω ᾩω ᾪω ᾫω ᾬω ᾭω ᾮω ᾯω ᾰα ᾱα ᾲα ᾳα ᾴα ᾶα ᾷα Ᾰα Ᾱα Ὰα Άα " +
        "ᾼα ιι ῂη ῃη ῄη ῆη ῇη Ὲε Έε Ὴη Ήη ῌη ῐι ῑι ῒι ΐι ῖι ῗι Ῐι Ῑι Ὶι Ίι ῠυ ῡυ ῢυ ΰυ ῤρ ῥρ ῦυ ῧυ " +
        "Ῠυ Ῡυ Ὺυ Ύυ Ῥρ ῲω ῳω ῴω ῶω ῷω Ὸο Όο Ὼω Ώω ῼω ⁰0 ⁱi ⁴4 ⁵5 ⁶6 ⁷7 ⁸8 ⁹9 ⁿn ₀0 ₁1 ₂2 ₃3 ₄4 ₅5 " +
        "₆6 ₇7 ₈8 ₉9 ₐa ₑe ₒo ₓx ₔə ₕh ₖk ₗl ₘm ₙn ₚp ₛs ₜt Ⅰi Ⅱii Ⅲiii Ⅳiv Ⅴv Ⅵvi Ⅶvii Ⅷviii Ⅸix " +
        "Ⅹx Ⅺxi Ⅻxii Ⅼl Ⅽc Ⅾd Ⅿm ⅰi ⅱii ⅲiii ⅳiv ⅴv ⅵvi ⅶvii ⅷviii ⅸix ⅹx ⅺxi ⅻxii ⅼl ⅽc ⅾd ⅿm ①1 " +
        "②2 ③3 ④4 ⑤5 ⑥6 ⑦7 ⑧8 ⑨9 ⑩10 ⑪11 ⑫12 ⑬13 ⑭14 ⑮15 ⑯16 ⑰17 ⑱18 ⑲19 ⑳20 ⓪0 ﬀff ﬁfi ﬂfl ﬃffi " +
        "ﬄffl ﬅst ﬆst ０0 １1 ２2 ３3 ４4 ５5 ６6 ７7 ８8 ９9 Ａa Ｂb Ｃc Ｄd Ｅe Ｆf Ｇg Ｈh Ｉi Ｊj Ｋk Ｌl Ｍm Ｎn Ｏo " +
        "Ｐp Ｑq Ｒr Ｓs Ｔt Ｕu Ｖv Ｗw Ｘx Ｙy Ｚz ａa ｂb ｃc ｄd ｅe ｆf ｇg ｈh ｉi ｊj ｋk ｌl ｍm ｎn ｏo ｐp ｑq ｒr ｓs " +
        "ｔt ｕu ｖv ｗw ｘx ｙy ｚz";
    private static readonly FrozenDictionary<char, string> Map = BuildMap();

    /// <summary>The folded form of <paramref name="c"/>, or null when it has no table entry.</summary>
    public static string? Fold(char c) => Map.GetValueOrDefault(c);

    private static FrozenDictionary<char, string> BuildMap()
    {
        var map = new Dictionary<char, string>();
        foreach (var entry in Table.Split(' '))
        {
            map[entry[0]] = entry[1..];
        }

        return map.ToFrozenDictionary();
    }
}
