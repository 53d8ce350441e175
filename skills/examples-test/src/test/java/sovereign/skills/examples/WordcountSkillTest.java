package sovereign.skills.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wordcount skill's statistics match a Java computation on the decoded text. */
class WordcountSkillTest {

  @Test
  void theDocumentedExample() {
    // 12 bytes, 11 code points (é is two bytes), no trailing newline: still one line
    assertThat(run("héllo world"))
        .isEqualTo("{\"bytes\":12,\"chars\":11,\"words\":2,\"lines\":1,\"longestLine\":11}");
  }

  @Test
  void emptyInput() {
    assertThat(run(""))
        .isEqualTo("{\"bytes\":0,\"chars\":0,\"words\":0,\"lines\":0,\"longestLine\":0}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no trailing newline",
        "one\ntwo\nthree",
        "\n",
        "\n\n\n",
        "   ",
        "a",
        "tabs\tbetween\t\twords\t",
        "  leading and trailing spaces  \n",
        "windows\r\nline\r\nends\r\n",
        "vertical\u000btab and form\ffeed",
        "héllo wörld\nçà et là\n",
        "日本語のテキスト 漢字\nかな",
        "emoji 😀😀 and 🇩🇪 flags\n\nlast",
        "mixed\t日本\u00a0nbsp is not ASCII whitespace",
        "a very long line first, then a short one\nshort\n"
      })
  void matchesJava(String text) {
    assertThat(run(text)).isEqualTo(reference(text));
  }

  @Test
  void aLargeRandomText() {
    String[] pieces = {"word", "wört", "語", "😀", " ", "  ", "\t", "\n", "\r\n", "x", "\u000b"};
    Random random = new Random(7);
    StringBuilder text = new StringBuilder();
    while (text.length() < 200_000) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    assertThat(run(text.toString())).isEqualTo(reference(text.toString()));
  }

  @Test
  void invalidUtf8CountsBytesThatAreNotContinuationBytes() {
    // a lone continuation byte, a cut 3-byte sequence, then "ok": 3 bytes start a code point
    byte[] input = {(byte) 0x80, (byte) 0xe6, (byte) 0x97, 'o', 'k'};
    assertThat(Skills.run("wordcount", new InMemoryHost().input(input)).outputText())
        .isEqualTo("{\"bytes\":5,\"chars\":3,\"words\":1,\"lines\":1,\"longestLine\":3}");
  }

  private static String run(String text) {
    return Skills.run("wordcount", new InMemoryHost().input(text)).outputText();
  }

  /** The statistics of valid UTF-8 text, computed from the decoded string. */
  private static String reference(String text) {
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    long chars = text.codePointCount(0, text.length());
    long words =
        Arrays.stream(text.split("[ \\t\\n\\u000b\\f\\r]+")).filter(w -> !w.isEmpty()).count();
    long lines = text.chars().filter(c -> c == '\n').count();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      lines++;
    }
    long longest =
        Arrays.stream(text.split("\n", -1))
            .mapToLong(l -> l.codePointCount(0, l.length()))
            .max()
            .orElse(0);
    return String.format(
        "{\"bytes\":%d,\"chars\":%d,\"words\":%d,\"lines\":%d,\"longestLine\":%d}",
        bytes, chars, words, lines, longest);
  }
}
