/**
 * Raw text to sentences of tokens for tagging: {@link
 * io.github.chainrule.example.ner.text.Tokenizer} cuts text into tokens the way the CoNLL and
 * Twitter corpora are tokenized, each with its offsets in the text; {@link
 * io.github.chainrule.example.ner.text.SentenceSplitter} groups them into sentences.
 */
package io.github.chainrule.example.ner.text;
