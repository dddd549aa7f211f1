package dev.controlplane.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ListObjectsV2 page reader on what S3 servers send, and on what they must not. */
class ListBucketResultReaderTest {

    private static final String NOT_XML = "a ListObjectsV2 response is not the XML S3 sends: ";

    /** A page as S3Proxy sends it: compact, single-quoted declaration, raw quotes in ETags, empty elements. */
    private static final String COMPACT = "<?xml version='1.0' encoding='UTF-8'?><ListBucketResult"
            + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>prod</Name><Prefix>p000/</Prefix>"
            + "<KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><ContinuationToken/><StartAfter/>"
            + "<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
            + "<Contents><Key>p000/obj00000.bin</Key><LastModified>2026-11-23T05:02:37Z</LastModified>"
            + "<ETag>\"1f6452714adf04bbe3be98baafd274e2\"</ETag><Size>4096</Size><StorageClass>STANDARD"
            + "</StorageClass></Contents><Contents><Key>p000/%C3%A9t%C3%A9+1.bin</Key>"
            + "<ETag>\"8edb06eae13f40129b9eb5e46feaa253-2\"</ETag><Size>8388608</Size></Contents>"
            + "<CommonPrefixes><Prefix>p000/sub/</Prefix></CommonPrefixes>"
            + "<NextContinuationToken>p000/obj00100.bin</NextContinuationToken></ListBucketResult>";

    private static S3ListingPages.Page read(String xml) {
        return ListBucketResultReader.read(xml.getBytes(UTF_8));
    }

    private static S3ListingPages.Entry entry(String key, long size, String etag) {
        return new S3ListingPages.Entry(key, size, etag);
    }

    @Test
    void aCompactPageKeepsKeysSizesEtagsFoldersAndTheToken() {
        S3ListingPages.Page page = read(COMPACT);

        assertThat(page.objects()).containsExactly(
                entry("p000/obj00000.bin", 4096, "\"1f6452714adf04bbe3be98baafd274e2\""),
                entry("p000/été 1.bin", 8388608, "\"8edb06eae13f40129b9eb5e46feaa253-2\""));
        assertThat(page.commonPrefixes()).containsExactly("p000/sub/");
        assertThat(page.nextContinuationToken()).isEqualTo("p000/obj00100.bin");
    }

    @Test
    void thePrettyPrintedPageWithCommentsAndWindowsLineEndsIsTheSamePage() {
        String pretty = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- moto-like indentation -->
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Name>prod</Name>
                  <Prefix>p000/</Prefix>
                  <KeyCount>2</KeyCount>
                  <MaxKeys>2</MaxKeys>
                  <ContinuationToken />
                  <StartAfter/>
                  <EncodingType>url</EncodingType>
                  <IsTruncated>true</IsTruncated>
                  <Contents>
                    <Key>p000/obj00000.bin</Key>
                    <LastModified>2026-11-23T05:02:37Z</LastModified>
                    <ETag>&quot;1f6452714adf04bbe3be98baafd274e2&quot;</ETag>
                    <Size>
                      4096
                    </Size>
                    <Owner>
                      <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
                      <DisplayName>webfile</DisplayName>
                    </Owner>
                    <StorageClass>STANDARD</StorageClass>
                  </Contents>
                  <Contents>
                    <Key>p000/%C3%A9t%C3%A9+1.bin</Key>
                    <ETag>&quot;8edb06eae13f40129b9eb5e46feaa253-2&quot;</ETag>
                    <Size>8388608</Size>
                  </Contents>
                  <CommonPrefixes>
                    <Prefix>p000/sub/</Prefix>
                  </CommonPrefixes>
                  <NextContinuationToken>p000/obj00100.bin</NextContinuationToken>
                </ListBucketResult>
                <!-- trailing comment -->
                """;

        assertThat(read(pretty)).isEqualTo(read(COMPACT));
        assertThat(read(pretty.replace("\n", "\r\n"))).isEqualTo(read(COMPACT));
        assertThat(read("\uFEFF" + COMPACT)).as("after a byte order mark").isEqualTo(read(COMPACT));
    }

    @Test
    void namedEntitiesAndNumericReferencesAreResolvedInKeptValues() {
        S3ListingPages.Page page = read("<ListBucketResult>"
                + "<Contents><Key>a&amp;b&lt;c&gt;d&apos;e&quot;f</Key><Size>1</Size>"
                + "<ETag>&quot;abc&quot;</ETag></Contents>"
                + "<Contents><Key>dec&#34;hex&#x22;&#233;&#xE9;&#x1F600;&#x4e2d;</Key><Size>2</Size>"
                + "<ETag>&#34;def&#x22;</ETag></Contents>"
                + "<Contents><Key>x</Key><Size>&#51;</Size></Contents>"
                + "<Contents><Key>cr\r\nlf\rcr&#13;ref\ttab</Key><Size>4</Size></Contents>"
                + "</ListBucketResult>");

        assertThat(page.objects()).containsExactly(
                entry("a&b<c>d'e\"f", 1, "\"abc\""),
                entry("dec\"hex\"éé\uD83D\uDE00中", 2, "\"def\""),
                entry("x", 3, null),
                entry("cr\nlf\ncr\rref\ttab", 4, null));
    }

    @Test
    void cdataIsTextAndCommentsAndInstructionsInsideAValueAreLeftOut() {
        S3ListingPages.Page page = read("<ListBucketResult>"
                + "<Contents><Key><![CDATA[a<b>&amp;]]>c<!-- not <Key> -->d<?pi x?>&amp;<![CDATA[]]></Key>"
                + "<Size><![CDATA[7]]></Size><LastModified><![CDATA[</Contents>]]></LastModified></Contents>"
                + "<!-- <Contents><Key>ghost</Key><Size>1</Size></Contents> -->"
                + "<CommonPrefixes><Prefix>p<!---->/</Prefix></CommonPrefixes>"
                + "</ListBucketResult>");

        assertThat(page.objects()).containsExactly(entry("a<b>&amp;cd&", 7, null));
        assertThat(page.commonPrefixes()).containsExactly("p/");
    }

    @Test
    void attributesMayHoldAngleBracketsAndEitherQuote() {
        S3ListingPages.Page page = read("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""
                + " note='a>b' other = \"x'>y\" été=\"ok\">"
                + "<Contents id=\"1>2\"><Key type='k>' >k1</Key><Size x=\"/>\">5</Size><Owner a=\">\"/></Contents>"
                + "<IsTruncated kind=\">\">false</IsTruncated></ListBucketResult>");

        assertThat(page.objects()).containsExactly(entry("k1", 5, null));
    }

    @Test
    void selfClosingElementsAreEmptyValuesOrSkipped() {
        S3ListingPages.Page page = read("<ListBucketResult><ContinuationToken/><Prefix/><StartAfter />"
                + "<NextContinuationToken/><Contents><Key/><Size>0</Size><ETag/><Owner/></Contents>"
                + "<CommonPrefixes><Prefix/></CommonPrefixes></ListBucketResult>");

        assertThat(page.objects()).containsExactly(entry("", 0, ""));
        assertThat(page.commonPrefixes()).containsExactly("");
        assertThat(page.nextContinuationToken()).isNull();
        assertThat(read("<ListBucketResult/>")).isEqualTo(new S3ListingPages.Page(List.of(),
                List.of(), null));
    }

    @Test
    void onlyKeysSizesAndEtagsDirectlyInAContentsOfTheRootAreKept() {
        S3ListingPages.Page page = read("<ListBucketResult><Key>root-key</Key><Prefix>root-prefix</Prefix>"
                + "<Contents><Key>k</Key><Size>1</Size><Owner><Key>owner-key</Key><Size>x</Size></Owner>"
                + "<Extra><Contents><Key>nested</Key></Contents></Extra></Contents>"
                + "<Other><Contents><Key>deep</Key></Contents><Prefix>deep/</Prefix></Other>"
                + "<CommonPrefixes><Key>not-a-prefix</Key><Prefix>d/</Prefix></CommonPrefixes>"
                + "</ListBucketResult>");

        assertThat(page.objects()).containsExactly(entry("k", 1, null));
        assertThat(page.commonPrefixes()).containsExactly("d/");
    }

    @Test
    void prefixedNamesAreMatchedByTheirLocalName() {
        S3ListingPages.Page page = read("<s3:ListBucketResult xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<s3:Contents><s3:Key>k</s3:Key><s3:Size>9</s3:Size></s3:Contents></s3:ListBucketResult>");

        assertThat(page.objects()).containsExactly(entry("k", 9, null));
    }

    @Test
    void unicodeKeysComeBackAlikeRawOrUrlEncoded() {
        String key = "données/日本語/😀 a+b%.csv";
        String raw = "<ListBucketResult><Contents><Key>" + key + "</Key><Size>1</Size></Contents>"
                + "<CommonPrefixes><Prefix>données/日本語/</Prefix></CommonPrefixes></ListBucketResult>";
        String encoded = "<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>"
                + "donn%C3%A9es%2F%E6%97%A5%E6%9C%AC%E8%AA%9E%2F%F0%9F%98%80+a%2Bb%25.csv</Key><Size>1</Size>"
                + "</Contents><CommonPrefixes><Prefix>donn%C3%A9es/%E6%97%A5%E6%9C%AC%E8%AA%9E/</Prefix>"
                + "</CommonPrefixes></ListBucketResult>";

        assertThat(read(raw).objects()).containsExactly(entry(key, 1, null));
        assertThat(read(encoded)).isEqualTo(read(raw));
        assertThat(read(raw.replace("<ListBucketResult>", "<ListBucketResult><EncodingType>url</EncodingType>")
                .replace(key, "plain/key.csv")).objects()).containsExactly(entry("plain/key.csv", 1, null));
    }

    @Test
    void theTokenIsKeptOnlyOnATruncatedPageAndTrimmedValuesAreRead() {
        assertThat(read("<ListBucketResult><IsTruncated> True\n</IsTruncated>"
                + "<NextContinuationToken>1/a+b=</NextContinuationToken></ListBucketResult>")
                .nextContinuationToken()).isEqualTo("1/a+b=");
        assertThat(read("<ListBucketResult><IsTruncated>false</IsTruncated>"
                + "<NextContinuationToken>t</NextContinuationToken></ListBucketResult>")
                .nextContinuationToken()).isNull();
    }

    @Test
    void pagesThatAreNotAListingAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> read("<?xml version=\"1.0\"?><Error><Code>SlowDown</Code></Error>"))
                .isInstanceOf(IllegalStateException.class).hasMessage(
                        "a ListObjectsV2 response is a ListBucketResult, not Error");
        assertThatThrownBy(() -> read("<ListBucketResult><Contents><Key>a.csv</Key></Contents></ListBucketResult>"))
                .hasMessage("a ListObjectsV2 entry has no Size (key a.csv)");
        assertThatThrownBy(() -> read("<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>"))
                .hasMessage("a ListObjectsV2 entry has no Key");
        assertThatThrownBy(() -> read("<ListBucketResult><Contents/></ListBucketResult>"))
                .hasMessage("a ListObjectsV2 entry has no Key");
        assertThatThrownBy(() -> read("<ListBucketResult><Contents><Key>a.csv</Key><Size>4 KiB</Size>"
                + "</Contents></ListBucketResult>")).isInstanceOf(IllegalStateException.class)
                .hasMessage("a ListObjectsV2 entry's Size is '4 KiB' (key a.csv); expected a number of bytes");
        assertThatThrownBy(() -> read("<ListBucketResult><IsTruncated>true</IsTruncated>"
                + "<NextContinuationToken> </NextContinuationToken></ListBucketResult>"))
                .hasMessage("a truncated ListObjectsV2 page has no NextContinuationToken");
        assertThatThrownBy(() -> read("<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>a%zz</Key>"
                + "<Size>1</Size></Contents></ListBucketResult>")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'a%zz' is not URL-encoded as its EncodingType url says");
    }

    @Test
    void malformedDocumentsAreRefusedNamingTheProblemAndWhere() {
        assertSyntax("", "the document has no element");
        assertSyntax("  \n", "the document has no element");
        assertSyntax("<ListBucketResult><Contents", "the document ends inside the tag <Contents");
        assertSyntax("<ListBucketResult><Contents><Key>a.csv</Key><Size>1</Size><", "ends inside the tag <");
        assertSyntax("<ListBucketResult><Contents a=\"1></Contents></ListBucketResult>",
                "the document ends inside the tag <Contents");
        assertSyntax("<ListBucketResult><Key<Size>1</Size></ListBucketResult>", "the tag <Key is not closed");
        assertSyntax("<ListBucketResult a=\"<\"></ListBucketResult>", "the tag <ListBucketResult is not closed");
        assertSyntax("<ListBucketResult a=1></ListBucketResult>", "an attribute value not in quotes");
        assertSyntax("<ListBucketResult a></ListBucketResult>", "a malformed attribute in the tag <ListBucketResult");
        assertSyntax("<ListBucketResult><Contents/ ></ListBucketResult>", "the tag <Contents/ is not closed");
        assertSyntax("<ListBucketResult>< Contents/></ListBucketResult>", "a tag without a name");
        assertSyntax("<ListBucketResult><Contents><Key>a.csv</Key><Size>1",
                "the document ends inside <Size> (at byte 51)");
        assertSyntax("<ListBucketResult><Contents><Key>a.csv", "the document ends inside <Key>");
        assertSyntax("<ListBucketResult><Contents><Key>a.csv</Key>", "the document ends inside <Contents>");
        assertSyntax("<ListBucketResult><Contents><Key>a.csv</Key", "ends inside the tag </Key");
        assertSyntax("<ListBucketResult><Contents><Key>a.csv</Size>", "</Size> closes <Key>");
        assertSyntax("<ListBucketResult><Contents><Owner></Contents>", "</Contents> closes <Owner>");
        assertSyntax("<ListBucketResult><Contents><Key>a</Key></ListBucketResult>",
                "</ListBucketResult> closes <Contents>");
        assertSyntax("<ListBucketResult></ListBucketResult></ListBucketResult>",
                "</ListBucketResult> closes no element");
        assertSyntax("<ListBucketResult></ListBucketResult><ListBucketResult/>", "an element after the root");
        assertSyntax("<ListBucketResult></ListBucketResult>junk", "text outside the root element (at byte 37)");
        assertSyntax("junk<ListBucketResult/>", "text outside the root element (at byte 0)");
        assertSyntax("<!DOCTYPE x [<!ENTITY e \"x\">]><ListBucketResult/>", "unexpected markup <!DOCTYPE");
        assertSyntax("<![CDATA[x]]><ListBucketResult/>", "unexpected markup <![CDATA[");
        assertSyntax("<ListBucketResult><!-- open", "a comment is not closed");
        assertSyntax("<?xml version='1.0'", "a processing instruction is not closed");
        assertSyntax("<ListBucketResult><Contents><Key><![CDATA[a</Key>", "a CDATA section is not closed");
        assertSyntax("<ListBucketResult><Contents><LastModified><![CDATA[a", "a CDATA section is not closed");
        assertSyntax("<ListBucketResult><Contents><Key>a<b/></Key>", "<Key> holds an element; expected text");
    }

    @Test
    void badEntitiesAndCharactersInKeptValuesAreRefused() {
        assertSyntax(page("<Key>a&foo;b</Key>"), "&foo; in <Key> is neither an entity XML defines");
        assertSyntax(page("<Key>a&amp b</Key>"), "a '&' in <Key> starts no entity");
        assertSyntax(page("<Key>a&</Key>"), "a '&' in <Key> starts no entity");
        assertSyntax(page("<Key>&#0;</Key>"), "&#0; in <Key> is neither");
        assertSyntax(page("<Key>&#xD800;</Key>"), "&#xD800; in <Key> is neither");
        assertSyntax(page("<Key>&#x110000;</Key>"), "&#x110000; in <Key> is neither");
        assertSyntax(page("<Key>&#12a;</Key>"), "&#12a; in <Key> is neither");
        assertSyntax(page("<Key>&#x;</Key>"), "&#x; in <Key> is neither");
        assertSyntax(page("<ETag>&;</ETag>"), "&; in <ETag> is neither");
        assertSyntax(page("<Key>a\u0001b</Key>"), "<Key> holds the control character 0x1");
        byte[] latin1 = "<ListBucketResult><Contents><Key>caf\u00e9</Key><Size>1</Size></Contents></ListBucketResult>"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ListBucketResultReader.read(latin1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NOT_XML + "<Key> holds bytes that are not UTF-8");
    }

    @Test
    void everyTruncationOrCorruptionIsAPageOrAnIllegalStateExceptionNeverAnotherFailure() {
        byte[] document = ("""
                <?xml version="1.0" encoding="UTF-8"?><!-- c -->
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/" a='x>y'>
                  <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated><ContinuationToken/>
                  <Contents><Key>d/%C3%A9+1</Key><ETag>&quot;e&#34;</ETag><Size>12</Size><Owner><ID>i</ID></Owner>
                  </Contents><Contents><Key><![CDATA[k<]]>&#x4e2d;&amp;</Key><Size>0</Size></Contents>
                  <CommonPrefixes><Prefix>d/<?pi?></Prefix></CommonPrefixes>
                  <NextContinuationToken>t</NextContinuationToken>
                </ListBucketResult>
                """ + "<!-- \u00e9\u65e5 -->").getBytes(UTF_8);
        assertThat(ListBucketResultReader.read(document).objects()).hasSize(2);
        for (int length = 0; length < document.length; length++) {
            assertOnlyIllegalState(Arrays.copyOf(document, length));
        }
        Random random = new Random(42);
        byte[] alphabet = "<>/!?-[]&;#x\"'= \nKeySizeContentsCDATA\u00e9".getBytes(UTF_8);
        for (int round = 0; round < 20_000; round++) {
            byte[] corrupt = document.clone();
            for (int change = 1 + random.nextInt(3); change > 0; change--) {
                corrupt[random.nextInt(corrupt.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            assertOnlyIllegalState(corrupt);
        }
    }

    private static void assertOnlyIllegalState(byte[] xml) {
        Throwable thrown = catchThrowable(() -> ListBucketResultReader.read(xml));
        if (thrown != null) {
            assertThat(thrown).as(new String(xml, UTF_8)).isInstanceOf(IllegalStateException.class);
        }
    }

    /** A page whose only entry has {@code element} in its Contents, besides a Key or a Size. */
    private static String page(String element) {
        return "<ListBucketResult><Contents>" + element + "<Key>k</Key><Size>1</Size></Contents></ListBucketResult>";
    }

    private static void assertSyntax(String xml, String problem) {
        assertThatThrownBy(() -> read(xml)).as(xml).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(NOT_XML).hasMessageContaining(problem);
    }
}
