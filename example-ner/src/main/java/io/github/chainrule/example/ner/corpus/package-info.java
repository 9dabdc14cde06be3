/**
 * Reading CoNLL-style corpora: {@link io.github.chainrule.example.ner.corpus.CorpusReader} turns
 * files of whitespace-separated columns (token first, tag last) into {@link
 * io.github.chainrule.example.ner.corpus.Corpus} objects whose tags are all in IOB2, whatever tag
 * scheme ({@link io.github.chainrule.example.ner.corpus.TagScheme}) the files were written in.
 * Every malformed line is refused with a {@link
 * io.github.chainrule.example.ner.corpus.CorpusException} that names the file, the line and what
 * was expected.
 */
package io.github.chainrule.example.ner.corpus;
