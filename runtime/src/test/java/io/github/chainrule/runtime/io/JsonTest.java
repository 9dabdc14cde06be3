package io.github.chainrule.runtime.io;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesTheGrammar() throws Exception {
    Object v =
        Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\\u00e9\\n\": {\"c\": \"\\ud83d\\ude00\"}} ");
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.keySet()).containsExactly("a", "b\u00e9\n").inOrder();
    List<?> a = (List<?>) m.get("a");
    assertThat(a.get(0)).isEqualTo(new Json.Number("1"));
    assertThat(a.get(1).toString()).isEqualTo("-2.5e3");
    assertThat(a.subList(2, 5)).containsExactly(true, false, Json.NULL).inOrder();
    assertThat(((Map<?, ?>) m.get("b\u00e9\n")).get("c")).isEqualTo("\ud83d\ude00");
  }

  @Test
  void refusesWhatIsNotStrictJson() {
    for (String bad :
        List.of(
            "", "{", "{\"a\":1,}", "[1,]", "{'a':1}", "01", "1.", "-", ".5", "+1", "tru",
            "{\"a\":1} {}", "\"a\tb\"", "\"\\x\"", "\"\\ud800\"", "{\"a\":1,\"a\":2}", "// c\n{}",
            "NaN", "[" .repeat(100))) {
      assertThrows(Json.Malformed.class, () -> Json.parse(bad), bad);
    }
  }

  @Test
  void quotesWhatItWrites() throws Exception {
    String s = "a\"b\\c\n\u0001\u00e9";
    assertThat(Json.quote(s)).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\u00e9\"");
    assertThat(Json.parse(Json.quote(s))).isEqualTo(s);
  }

  @Test
  void integersForOffsets() {
    assertThat(new Json.Number("42").asNonNegativeLong()).isEqualTo(42);
    assertThat(new Json.Number("-1").asNonNegativeLong()).isEqualTo(-1);
    assertThat(new Json.Number("1e3").asNonNegativeLong()).isEqualTo(-1);
    assertThat(new Json.Number("99999999999999999999").asNonNegativeLong()).isEqualTo(-1);
  }
}
