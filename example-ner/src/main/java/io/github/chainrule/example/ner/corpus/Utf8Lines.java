package io.github.chainrule.example.ner.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The lines of a UTF-8 stream, decoded strictly, one at a time, with their 1-based numbers.
 *
 * <p>Lines end at {@code '\n'} only; a {@code '\r'} before it stays in the line (callers decide
 * what it means: the corpus reader drops it, the conlleval port keeps it as the script does). A
 * last line without {@code '\n'} is a line; a final {@code '\n'} does not start another. Bytes that
 * are not UTF-8 are never replaced: the decoder is set to {@link CodingErrorAction#REPORT} and the
 * line that holds them is refused with a {@link CorpusException} naming the byte.
 */
public final class Utf8Lines implements AutoCloseable {
  private final String source;
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** Bytes read from the stream and not yet returned: {@code chunk[position, limit)}. */
  private final byte[] chunk = new byte[1 << 16];

  private int position;
  private int limit;
  private byte[] buffer = new byte[256];
  private int number;
  private boolean ended;

  /**
   * Lines of {@code in}, reported as {@code source} in errors. The stream is closed by {@link
   * #close}.
   */
  public Utf8Lines(String source, InputStream in) {
    this.source = source;
    this.in = in;
  }

  /**
   * The next line without its {@code '\n'}, or {@code null} at the end of the stream.
   *
   * @throws CorpusException if the line is not valid UTF-8
   * @throws IOException if the stream cannot be read
   */
  public String next() throws IOException {
    if (ended) {
      return null;
    }
    int length = 0;
    while (true) {
      if (position == limit) {
        limit = in.read(chunk);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          ended = true;
          if (length == 0) {
            return null;
          }
          break;
        }
      }
      int end = position;
      while (end < limit && chunk[end] != '\n') {
        end++;
      }
      int n = end - position;
      if (length + n > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
      }
      System.arraycopy(chunk, position, buffer, length, n);
      length += n;
      position = end;
      if (end < limit) {
        position++; // the '\n'
        break;
      }
    }
    number++;
    return decode(length);
  }

  /** The 1-based number of the line last returned by {@link #next}; 0 before the first. */
  public int number() {
    return number;
  }

  private String decode(int length) throws CorpusException {
    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
    CharBuffer chars = CharBuffer.allocate(length);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      int at = bytes.position();
      StringBuilder found = new StringBuilder();
      for (int i = at; i < Math.min(length, at + Math.max(1, result.length())); i++) {
        found.append(found.length() == 0 ? "" : " ");
        found.append(String.format(Locale.ROOT, "0x%02X", buffer[i] & 0xFF));
      }
      throw new CorpusException(
          source,
          number,
          "expected UTF-8 text, found the invalid byte"
              + (result.length() > 1 ? "s " : " ")
              + found
              + " at byte "
              + (at + 1)
              + " of the line");
    }
    chars.flip();
    return chars.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
