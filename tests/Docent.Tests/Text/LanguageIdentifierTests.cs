using Docent.Text;

namespace Docent.Tests.Text;

public sealed class LanguageIdentifierTests
{
    [Theory]
    [InlineData("en", "The server writes its log to the data folder, and each request is recorded with the time it took.")]
    [InlineData("de", "Der Server schreibt sein Protokoll in den Datenordner, und jede Anfrage wird mit ihrer Dauer festgehalten.")]
    [InlineData("es", "El servidor escribe su registro en la carpeta de datos, y cada petición se guarda con el tiempo que tardó.")]
    [InlineData("fr", "Le serveur écrit son journal dans le dossier de données, et chaque requête est notée avec sa durée.")]
    [InlineData("it", "Il server scrive il suo registro nella cartella dei dati, e ogni richiesta viene annotata con la sua durata.")]
    [InlineData("pt", "O servidor escreve o seu registo na pasta de dados, e cada pedido é guardado com o tempo que demorou. Não é preciso configurar nada: os ficheiros são criados quando o programa arranca pela primeira vez.")]
    [InlineData("nl", "De server schrijft zijn logboek naar de gegevensmap, en elk verzoek wordt met de duur ervan vastgelegd.")]
    [InlineData("ro", "Serverul își scrie jurnalul în dosarul de date, iar fiecare cerere este înregistrată cu durata ei.")]
    [InlineData("tr", "Sunucu günlüğünü veri klasörüne yazar ve her istek sürdüğü zamanla birlikte kaydedilir, bu da çok önemli.")]
    [InlineData("ru", "Сервер записывает свой журнал в папку данных, и каждый запрос сохраняется вместе с его длительностью.")]
    [InlineData("el", "Ο διακομιστής γράφει το ημερολόγιό του στον φάκελο δεδομένων.")]
    [InlineData("ar", "يكتب الخادم سجله في مجلد البيانات، ويتم تسجيل كل طلب مع الوقت الذي استغرقه.")]
    [InlineData("hi", "सर्वर अपना लॉग डेटा फ़ोल्डर में लिखता है, और हर अनुरोध उसके समय के साथ दर्ज होता है।")]
    [InlineData("zh", "服务器把日志写入数据文件夹，每个请求都会记录它所用的时间。")]
    [InlineData("ja", "サーバーはログをデータフォルダーに書き込み、各リクエストの所要時間を記録します。")]
    [InlineData("ko", "서버는 로그를 데이터 폴더에 기록하고 각 요청의 소요 시간을 저장합니다.")]
    [InlineData("th", "เซิร์ฟเวอร์เขียนบันทึกลงในโฟลเดอร์ข้อมูล")]
    [InlineData("vi", "Máy chủ ghi nhật ký vào thư mục dữ liệu, và mỗi yêu cầu được lưu cùng thời gian xử lý.")]
    [InlineData("uk", "Сервер записує свій журнал у папку даних, і кожен запит зберігається разом із його тривалістю.")]
    public void Identifies_a_sentence_in_each_script_and_language(string expected, string text) =>
        Assert.Equal(expected, LanguageIdentifier.Identify(text));

    [Fact]
    public void A_name_repeated_through_a_passage_does_not_outvote_its_language()
    {
        const string text = "Zu den Mannschaften in der Stadt gehören Los Angeles Rams, Los Angeles Lakers, Los Angeles Dodgers "
            + "und Los Angeles Kings, die alle im Süden spielen.";
        Assert.Equal("de", LanguageIdentifier.Identify(text));
    }

    [Fact]
    public void Text_without_evidence_is_undetermined_unless_the_collection_says_otherwise()
    {
        Assert.Equal(LanguageIdentifier.Undetermined, LanguageIdentifier.Identify("Dateigröße sortieren"));
        Assert.Equal(LanguageIdentifier.Undetermined, LanguageIdentifier.Identify("42 -- 3.5"));
        Assert.Equal("de", LanguageIdentifier.Identify("Dateigröße sortieren", ["de", "zh"]));
        Assert.Equal("de", LanguageIdentifier.Identify("Dateigröße sortieren", ["und", "de"])); // tables and code say nothing

        // The collection's languages are candidates, not a cage: a query in another script keeps its own language.
        Assert.Equal("zh", LanguageIdentifier.Identify("文件大小", ["de"]));
    }

    [Fact]
    public void A_short_query_is_identified_among_the_collection_languages()
    {
        // "die" and "was" are English-looking; among German and Chinese collections, the question is German.
        Assert.Equal("de", LanguageIdentifier.Identify("Was sortiert die Option -a?", ["de", "zh"]));
        Assert.Equal("es", LanguageIdentifier.Identify("¿Cuál es el tamaño?", ["es", "en"]));
    }

    [Theory]
    [InlineData("Vitamin D deficiency is unrelated to birth weight.")]
    [InlineData("N348I mutations cause resistance to nevirapine.")]
    [InlineData("IL-6 signaling plays a major role in atherosclerotic cardiovascular disease.")]
    public void An_english_claim_stays_english_in_a_collection_with_a_few_french_chunks(string claim)
    {
        // One-letter words ("D", "N") and one shared word ("il") were read as French elisions and pronouns.
        Assert.Equal("en", LanguageIdentifier.Identify(claim, ["en", "fr"]));
    }
}
