#!/usr/bin/python3
"""The window NER model of chainrule-ner's `train`, written again in PyTorch, for comparison.

Same corpus reading, features, vocabularies, network, losses, initialisation, optimizer, batches,
dropout, early stopping and scorer as `java -jar example-ner/target/chainrule-ner.jar train`,
and by default the same random numbers: the Java trainer's SplittableRandom streams, drawn as it
draws them (java_random.py), so a seed gives the Java trainer's model up to the rounding of the
arithmetic. With --rng torch PyTorch's generator draws them instead, and a seed gives a model of
the same distribution. --compare-model checks a run against the Java trainer's model directory.
See README.md beside this file.

Run with Debian's python3-torch: /usr/bin/python3 example-ner/pytorch/window_ner.py --help
"""

import argparse
import os
import re
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCORER = os.path.join(HERE, "..", "target", "chainrule-ner.jar")


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Trains the window NER model of chainrule-ner train, in PyTorch (float64)."
        " Defaults are chainrule-ner's.")
    p.add_argument("--train", required=True, metavar="FILE", help="training data, CoNLL layout")
    p.add_argument("--dev", required=True, metavar="FILE", help="development data: picks the epoch")
    p.add_argument("--test", metavar="FILE", help="test data, scored once with the kept model")
    p.add_argument("--out", metavar="DIR", help="writes the dev and test predictions and reports here")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=32,
                   help="windows per step; with --crf whole sentences up to this many")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="ATen and OpenBLAS threads (default: the number of processors)")
    p.add_argument("--lr", type=float, default=1e-3, help="Adam's learning rate")
    p.add_argument("--hidden", type=int, default=300)
    p.add_argument("--activation", choices=["tanh", "relu", "sigmoid"], default="tanh")
    p.add_argument("--window", type=int, default=2, help="words on each side of the centre word")
    p.add_argument("--dropout", type=float, default=0.3, help="dropout of x and of h")
    p.add_argument("--word-dropout", type=float, default=0.05)
    p.add_argument("--min-count", type=int, default=2)
    p.add_argument("--patience", type=int, default=5)
    p.add_argument("--crf", action="store_true", help="linear-chain CRF over the tag scores")
    p.add_argument("--affixes", action="store_true", help="prefix, suffix and word-shape vectors")
    p.add_argument("--word-dim", type=int, default=50)
    p.add_argument("--casing-dim", type=int, default=8)
    p.add_argument("--affix-dim", type=int, default=16,
                   help="width of each prefix, suffix and shape vector with --affixes")
    p.add_argument("--rng", choices=["java", "torch"], default="java",
                   help="java: the Java trainer's random numbers, drawn as it draws them (the same"
                   " initial parameters, batches and dropout); torch: PyTorch's generator")
    p.add_argument("--compare-model", metavar="DIR",
                   help="a model directory that chainrule-ner train wrote with the same data and"
                   " options: prints how far its parameters are from this run's")
    p.add_argument("--scorer", default=DEFAULT_SCORER, metavar="JAR",
                   help="chainrule-ner.jar, whose conlleval subcommand scores the predictions;"
                   " 'none': only this script's own scorer (the same rules), for a run without the jar")
    a = p.parse_args(argv)
    for name in ("epochs", "batch_size", "threads", "hidden", "min_count", "patience", "word_dim"):
        if getattr(a, name) < 1:
            p.error("--%s must be >= 1" % name.replace("_", "-"))
    if not (0 <= a.dropout < 1 and 0 <= a.word_dropout < 1):
        p.error("--dropout and --word-dropout must be in [0, 1)")
    return a


ARGS = parse_args(sys.argv[1:]) if __name__ == "__main__" else None
if ARGS is not None:
    # OpenBLAS (Debian's torch does its matrix products there) keeps a thread pool of its own that
    # torch.set_num_threads does not resize; it reads this variable when it is loaded.
    os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
    os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)
    # Two thread pools (ATen's OpenMP and OpenBLAS's) that both spin while they wait fight over two
    # cores; with OpenMP's workers sleeping when idle, as chainrule's park after 0.2 ms, they do not
    # (README.md has the measurements). An explicit setting in the environment wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import json  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402  (after the thread settings above)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import java_random as jr  # noqa: E402

# ----------------------------------------------------------------------------- corpus reading
# As corpus/ConllParser, SchemeDetector, TagScheme and Entity: lines split at '\n' only; blank
# lines (Java's Character.isWhitespace throughout) end a sentence; -DOCSTART- is a break; a line
# with a tab is split at tabs (trailing whitespace dropped), any other at runs of spaces.

_JAVA_SPACE_CONTROLS = set("\t\n\u000b\f\r\u001c\u001d\u001e\u001f")
_NO_BREAK = set("\u00a0\u2007\u202f")


def java_is_whitespace(ch):
    """Character.isWhitespace."""
    if ch in _JAVA_SPACE_CONTROLS:
        return True
    return unicodedata.category(ch) in ("Zs", "Zl", "Zp") and ch not in _NO_BREAK


def is_blank(line):
    return all(java_is_whitespace(c) for c in line)


def split_columns(line):
    if "\t" in line:
        end = len(line)
        while java_is_whitespace(line[end - 1]):
            end -= 1
        return line[:end].split("\t")
    start, end = 0, len(line)
    while java_is_whitespace(line[start]):
        start += 1
    while java_is_whitespace(line[end - 1]):
        end -= 1
    return [c for c in line[start:end].split(" ") if c]


_TAG = re.compile(r"^(O|[BIES]-\S+)$")


def read_conll(path):
    """A list of sentences, each a list of (token, raw tag, line number)."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit("%s: expected UTF-8 text (%s)" % (path, e))
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    sentences, current, columns = [], [], None
    for number, line in enumerate(lines, 1):
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        if line.endswith("\r"):
            line = line[:-1]
        if is_blank(line):
            if current:
                sentences.append(current)
                current = []
            continue
        cells = split_columns(line)
        if cells[0] == "-DOCSTART-":
            if current:
                sentences.append(current)
                current = []
            continue
        if len(cells) < 2:
            sys.exit("%s:%d: expected \"TOKEN [COLUMNS...] TAG\", found %r" % (path, number, line))
        if columns is None:
            columns = len(cells)
        elif len(cells) != columns:
            sys.exit("%s:%d: expected %d columns, found %d" % (path, number, columns, len(cells)))
        if not _TAG.match(cells[-1]):
            sys.exit("%s:%d: expected a tag like B-PER, I-PER or O, found %r" % (path, number, cells[-1]))
        current.append((cells[0], cells[-1], number))
    if current:
        sentences.append(current)
    if not sentences:
        sys.exit("%s: no token lines" % path)
    return sentences


def _type(tag):
    return "" if tag == "O" else tag[2:]


def detect_scheme(corpora):
    """IOBES if an E- or S- tag occurs; else IOB1 or IOB2 from how entities start (as SchemeDetector)."""
    iob1 = iob2 = es = False
    for sentences in corpora:
        for s in sentences:
            prev = None
            for _, tag, _ in s:
                cont = prev is not None and prev[0] in "BI" and _type(prev) == _type(tag)
                if tag[0] in "ES":
                    es = True
                elif tag[0] == "I" and not cont:
                    iob1 = True
                elif tag[0] == "B" and not cont:
                    iob2 = True
                prev = tag
    if es:
        return "IOBES"
    if iob1 and iob2:
        sys.exit("the files mix IOB1 and IOB2 (chainrule-ner train refuses them too)")
    return "IOB1" if iob1 else "IOB2"


def to_iob2(tags, scheme):
    """TagScheme.toIob2: S- and E- mapped to B- and I-, then entities re-read as Entity.fromIob2."""
    if scheme == "IOBES":
        tags = ["B-" + t[2:] if t[0] == "S" else "I-" + t[2:] if t[0] == "E" else t for t in tags]
    out, open_type = [], None
    for tag in tags:
        typ = _type(tag)
        cont = tag[0] == "I" and typ == open_type
        if open_type is not None and not cont:
            open_type = None
        if tag != "O" and not cont:
            open_type = typ
            out.append("B-" + typ)
        elif cont:
            out.append("I-" + typ)
        else:
            out.append("O")
    return out


def read_together(paths):
    """The files as lists of (tokens, IOB2 tags), with one scheme detected over all of them."""
    raw = [read_conll(p) for p in paths]
    scheme = detect_scheme(raw)
    out = []
    for sentences in raw:
        out.append([([t for t, _, _ in s], to_iob2([g for _, g, _ in s], scheme)) for s in sentences])
    return out, scheme


# ----------------------------------------------------------------------------- word features
# As features/WordFeatures, with Java's character classes: isUpperCase and isLowerCase are the
# Unicode Uppercase and Lowercase properties (what Python's one-character isupper/islower test),
# isTitleCase is Lt, isDigit is Nd, isLetter is L*.

UNKNOWN, START, END = "<unk>", "<s>", "</s>"
UNKNOWN_ID, START_ID, END_ID = 0, 1, 2
SPECIALS = (UNKNOWN, START, END)
CASING = ["PAD", "LOWER", "UPPER", "TITLE", "MIXED", "NUMBER", "HAS_DIGIT", "PUNCTUATION", "OTHER"]
PAD_CASING = 0
AFFIX_LENGTHS = (2, 3, 4)
_PUNCTUATION = {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"}
_FOLD = str.maketrans("123456789", "000000000")


def _upper(c):
    return c.isupper() or unicodedata.category(c) == "Lt"


def _lower(c):
    return c.islower()


def _digit(c):
    return unicodedata.category(c) == "Nd"


def _letter(c):
    return unicodedata.category(c)[0] == "L"


def normalize(word):
    """Lower case (Locale.ROOT), ASCII digits 1-9 folded to 0."""
    return word.lower().translate(_FOLD)


_JOINERS = frozenset(".-'&\u2019")  # U.S., e-mail, O'Neil, AT&T: still words


def casing(word):
    upper = lower = digits = punct = other = 0
    for c in word:
        if _upper(c):
            upper += 1
        elif _lower(c):
            lower += 1
        elif _digit(c):
            digits += 1
        elif c in _JOINERS:
            continue
        elif unicodedata.category(c) in _PUNCTUATION:
            punct += 1
        else:
            other += 1
    letters = upper + lower
    if not word or other > 0:
        return "OTHER"
    if letters + digits == 0:
        return "PUNCTUATION"
    if punct > 0:
        return "OTHER"  # @user, #tag, http://...
    if letters == 0:
        return "NUMBER"
    if digits > 0:
        return "HAS_DIGIT"
    if upper == 0:
        return "LOWER"
    if lower == 0:
        return "UPPER" if letters > 1 else "TITLE"
    return "TITLE" if _upper(word[0]) and upper == 1 else "MIXED"


def shape(word):
    out, run, last = [], 0, None
    for c in word:
        if _upper(c):
            s = "X"
        elif _lower(c) or _letter(c):
            s = "x"
        elif _digit(c):
            s = "d"
        else:
            s = c
        run = run + 1 if s == last else 1
        last = s
        if run <= 2:
            out.append(s)
    return "".join(out)


def affix_keys(w):
    """The prefix keys, then the suffix keys, of a normalised word (FeatureSpace.prefixKey/suffixKey)."""
    return ["p%d:%s" % (n, w[:n]) for n in AFFIX_LENGTHS] + ["s%d:%s" % (n, w[-n:]) for n in AFFIX_LENGTHS]


class Vocabulary:
    """<unk>, <s>, </s>, then strings counted >= min_count, by descending count, ties first-seen first."""

    def __init__(self, counts, min_count):
        kept = [(s, n) for s, n in counts.items() if n >= min_count and s not in SPECIALS]
        kept.sort(key=lambda e: -e[1])  # stable
        self.strings = list(SPECIALS) + [s for s, _ in kept]
        self.index = {s: i for i, s in enumerate(self.strings)}

    def id(self, s):
        return self.index.get(s, UNKNOWN_ID)

    def __len__(self):
        return len(self.strings)


class FeatureSpace:
    def __init__(self, train, cfg):
        words, shapes, affixes = {}, {}, {}
        for tokens, _ in train:
            for t in tokens:
                w = normalize(t)
                words[w] = words.get(w, 0) + 1
                if cfg.shape_dim > 0:
                    sh = shape(t)
                    shapes[sh] = shapes.get(sh, 0) + 1
                if cfg.affix_dim > 0:
                    # FeatureSpace.fromTraining counts p2, s2, p3, s3, p4, s4 in that order
                    keys = affix_keys(w)
                    for k in range(len(AFFIX_LENGTHS)):
                        for key in (keys[k], keys[len(AFFIX_LENGTHS) + k]):
                            affixes[key] = affixes.get(key, 0) + 1
        self.cfg = cfg
        self.words = Vocabulary(words, cfg.min_count)
        self.shapes = Vocabulary(shapes, cfg.min_count)
        self.affixes = Vocabulary(affixes, cfg.min_count)

    def encode(self, sentences):
        """Every token's window as table rows (EncodedCorpus.window), and its sentence bounds."""
        h = self.cfg.half_window
        a = len(AFFIX_LENGTHS)
        words, cas, shp, aff, first, last = [], [], [], [], [], []
        for tokens, _ in sentences:
            base = len(words)
            for t in tokens:
                w = normalize(t)
                words.append(self.words.id(w))
                cas.append(CASING.index(casing(t)))
                shp.append(self.shapes.id(shape(t)) if self.cfg.shape_dim > 0 else 0)
                aff.append([self.affixes.id(k) for k in affix_keys(w)] if self.cfg.affix_dim > 0 else [0] * (2 * a))
                first.append(base)
                last.append(base + len(tokens))
        n = len(words)
        words = torch.tensor(words, dtype=torch.long)
        cas = torch.tensor(cas, dtype=torch.long)
        shp = torch.tensor(shp, dtype=torch.long)
        aff = torch.tensor(aff, dtype=torch.long).view(n, 2 * a)
        first = torch.tensor(first, dtype=torch.long)
        last = torch.tensor(last, dtype=torch.long)
        t = torch.arange(n)
        win = {k: [] for k in ("words", "casing", "shapes", "prefixes", "suffixes", "inside")}
        for k in range(-h, h + 1):
            p = t + k
            before = p < first
            after = p >= last
            inside = ~(before | after)
            edge = torch.where(before, torch.full_like(p, START_ID), torch.full_like(p, END_ID))
            q = p.clamp(0, n - 1)
            win["words"].append(torch.where(inside, words[q], edge))
            win["casing"].append(torch.where(inside, cas[q], torch.full_like(p, PAD_CASING)))
            win["shapes"].append(torch.where(inside, shp[q], edge))
            win["prefixes"].append(torch.where(inside.unsqueeze(1), aff[q, :a], edge.unsqueeze(1)))
            win["suffixes"].append(torch.where(inside.unsqueeze(1), aff[q, a:], edge.unsqueeze(1)))
            win["inside"].append(inside)
        enc = {k: torch.stack(v, 1) for k, v in win.items()}
        # per position the lengths 2, 3, 4: row i * 3 + j, as WindowBatch.prefixes
        enc["prefixes"] = enc["prefixes"].reshape(n, -1)
        enc["suffixes"] = enc["suffixes"].reshape(n, -1)
        lengths = [len(tokens) for tokens, _ in sentences]
        starts = [0]
        for L in lengths:
            starts.append(starts[-1] + L)
        enc["starts"] = starts
        enc["n"] = n
        return enc


class Config:
    def __init__(self, a):
        self.half_window = a.window
        self.word_dim = a.word_dim
        self.casing_dim = a.casing_dim
        self.shape_dim = a.affix_dim if a.affixes else 0
        self.affix_dim = a.affix_dim if a.affixes else 0
        self.min_count = a.min_count
        self.window = 2 * a.window + 1
        self.input_dim = self.window * (self.word_dim + self.casing_dim + self.shape_dim
                                        + 2 * len(AFFIX_LENGTHS) * self.affix_dim)


def tag_set(train):
    """O, then B- and I- of each type in order of first appearance (Trainer.tagSet)."""
    types = []
    for _, tags in train:
        for t in tags:
            if t != "O" and t[2:] not in types:
                types.append(t[2:])
    out = ["O"]
    for typ in types:
        out += ["B-" + typ, "I-" + typ]
    return out


def labels(sentences, tags):
    index = {t: i for i, t in enumerate(tags)}
    # tags of types the training data lacks count as O (dev and test losses only)
    return torch.tensor([index.get(t, 0) for _, ts in sentences for t in ts], dtype=torch.long)


# ----------------------------------------------------------------------------- the network


class WindowNer(nn.Module):
    """x = [words | casing | shapes | prefixes | suffixes], h = f(W x + b), z = U h + c (NerNetwork)."""

    def __init__(self, cfg, space, tags, hidden, activation, crf):
        super().__init__()
        self.cfg = cfg
        self.words = nn.Embedding(len(space.words), cfg.word_dim, sparse=True)
        self.casing = nn.Embedding(len(CASING), cfg.casing_dim, sparse=True) if cfg.casing_dim else None
        self.shapes = nn.Embedding(len(space.shapes), cfg.shape_dim, sparse=True) if cfg.shape_dim else None
        self.affixes = nn.Embedding(len(space.affixes), cfg.affix_dim, sparse=True) if cfg.affix_dim else None
        self.hidden = nn.Linear(cfg.input_dim, hidden)
        self.out = nn.Linear(hidden, len(tags))
        self.f = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[activation]
        self.crf = crf
        if crf:
            self.transitions = nn.Parameter(torch.zeros(len(tags), len(tags)))  # [from][to]
            self.start = nn.Parameter(torch.zeros(len(tags)))
            self.end = nn.Parameter(torch.zeros(len(tags)))
        # NerModel.initialize: tables N(0, 0.1^2), W and U Xavier-uniform, biases and CRF zero
        for e in self.tables():
            nn.init.normal_(e.weight, 0.0, 0.1)
        nn.init.xavier_uniform_(self.hidden.weight)
        nn.init.xavier_uniform_(self.out.weight)
        nn.init.zeros_(self.hidden.bias)
        nn.init.zeros_(self.out.bias)

    def tables(self):
        return [e for e in (self.words, self.casing, self.shapes, self.affixes) if e is not None]

    def dense(self):
        return [p for n, p in self.named_parameters() if not n.split(".")[0] in
                ("words", "casing", "shapes", "affixes")]

    def forward(self, b, dropout=0.0, masks=None):
        """Tag scores Z (B x tags); dropout on x and h when training, or the given (x, h) masks."""
        B = b["words"].shape[0]
        x = [self.words(b["words"]).view(B, -1)]
        if self.casing is not None:
            x.append(self.casing(b["casing"]).view(B, -1))
        if self.shapes is not None:
            x.append(self.shapes(b["shapes"]).view(B, -1))
        if self.affixes is not None:
            x.append(self.affixes(b["prefixes"]).view(B, -1))
            x.append(self.affixes(b["suffixes"]).view(B, -1))
        x = torch.cat(x, 1)
        if masks is not None:
            x = x * masks[0]
        elif dropout > 0:
            x = F.dropout(x, dropout, training=True)
        h = self.f(self.hidden(x))
        if masks is not None:
            h = h * masks[1]
        elif dropout > 0:
            h = F.dropout(h, dropout, training=True)
        return self.out(h)

    # -- the CRF, over sentences padded to one length: Z is S x L x T, mask S x L

    def crf_nll(self, Z, y, mask):
        """Per sentence -log p(y | x): the forward algorithm's log partition minus the gold score."""
        S, L, T = Z.shape
        alpha = self.start + Z[:, 0]
        for t in range(1, L):
            nxt = Z[:, t] + torch.logsumexp(alpha.unsqueeze(2) + self.transitions, dim=1)
            alpha = torch.where(mask[:, t].unsqueeze(1), nxt, alpha)
        log_z = torch.logsumexp(alpha + self.end, dim=1)
        gold = self.start[y[:, 0]] + Z.gather(2, y.unsqueeze(2)).squeeze(2).mul(mask).sum(1)
        if L > 1:
            gold = gold + (self.transitions[y[:, :-1], y[:, 1:]] * mask[:, 1:]).sum(1)
        lengths = mask.sum(1).long()
        gold = gold + self.end[y.gather(1, (lengths - 1).unsqueeze(1)).squeeze(1)]
        return log_z - gold

    def viterbi(self, Z, mask):
        S, L, T = Z.shape
        best = self.start + Z[:, 0]
        back = []
        for t in range(1, L):
            v, arg = (best.unsqueeze(2) + self.transitions).max(dim=1)
            nxt = v + Z[:, t]
            m = mask[:, t].unsqueeze(1)
            best = torch.where(m, nxt, best)
            # past a sentence's end, keep each tag where it is
            back.append(torch.where(m, arg, torch.arange(T).expand(S, T)))
        last = (best + self.end).argmax(1)
        path = [last]
        for arg in reversed(back):
            last = arg.gather(1, last.unsqueeze(1)).squeeze(1)
            path.append(last)
        path.reverse()
        return torch.stack(path, 1)


def select(enc, idx):
    return {k: enc[k][idx] for k in ("words", "casing", "shapes", "prefixes", "suffixes")}


def pad_sentences(Z, y, lengths):
    """The rows of Z (tokens of whole sentences, one after another) as S x L x T, with a mask."""
    S, L = len(lengths), max(lengths)
    pos = torch.zeros(S, L, dtype=torch.long)
    mask = torch.zeros(S, L, dtype=torch.bool)
    r = 0
    for k, n in enumerate(lengths):
        pos[k, :n] = torch.arange(r, r + n)
        mask[k, :n] = True
        r += n
    Zp = Z[pos] * mask.unsqueeze(2)
    yp = y[pos] * mask if y is not None else None
    return Zp, yp, mask, pos


def chunks(enc, size):
    """Whole sentences, up to `size` windows (a longer sentence alone): NerModel's prediction batches."""
    starts = enc["starts"]
    s = 0
    while s < len(starts) - 1:
        first, windows = s, 0
        while s < len(starts) - 1 and (s == first or windows + starts[s + 1] - starts[s] <= size):
            windows += starts[s + 1] - starts[s]
            s += 1
        yield first, s


@torch.no_grad()
def predict_and_loss(model, enc, y):
    """The predicted tag indices of every token, and the mean loss (no dropout), as Trainer.loss."""
    starts = enc["starts"]
    out, total = [], 0.0
    for first, last in chunks(enc, 1024):
        idx = torch.arange(starts[first], starts[last])
        Z = model(select(enc, idx))
        yb = y[idx]
        lengths = [starts[k + 1] - starts[k] for k in range(first, last)]
        if model.crf:
            Zp, yp, mask, _ = pad_sentences(Z, yb, lengths)
            total += model.crf_nll(Zp, yp, mask).sum().item()
            path = model.viterbi(Zp, mask)
            out.append(path[mask])
        else:
            total += F.cross_entropy(Z, yb, reduction="sum").item()
            out.append(Z.argmax(1))
    return torch.cat(out), total / enc["n"]


# ----------------------------------------------------------------------------- scoring
# conlleval's chunk rules (eval/ChunkRules), for the per-epoch dev F1 that picks the epoch; the
# reported figures come from chainrule-ner's conlleval subcommand.


def _split_tag(t):
    m = re.match(r"^([^-]*)-(.*)$", t)
    return (m.group(1), m.group(2)) if m else (t, "")


def _end(pt, t, ptype, typ):
    return ((pt == "B" and t in "BO") or (pt == "I" and t in "BO") or (pt == "E" and t in "EIO")
            or (pt not in ("O", ".") and ptype != typ) or pt in ("]", "["))


def _start(pt, t, ptype, typ):
    return ((pt in "BIO" and t == "B") or (pt == "O" and t in "IE") or (pt == "E" and t in "EI")
            or (t not in ("O", ".") and ptype != typ) or t in ("[", "]"))


def conlleval_scores(gold, guess):
    """(precision, recall, F1) in percent, over sentences of gold and guessed tags."""
    correct = found_c = found_g = 0
    in_correct = False
    lc, lct, lg, lgt = "O", "", "O", ""
    for gs, ps in zip(gold, guess):
        for c_tag, g_tag in list(zip(gs, ps)) + [("O", "O")]:
            c, ct = _split_tag(c_tag)
            g, gt = _split_tag(g_tag)
            if in_correct:
                ec, eg = _end(lc, c, lct, ct), _end(lg, g, lgt, gt)
                if ec and eg and lgt == lct:
                    in_correct = False
                    correct += 1
                elif ec != eg or gt != ct:
                    in_correct = False
            sc, sg = _start(lc, c, lct, ct), _start(lg, g, lgt, gt)
            if sc and sg and gt == ct:
                in_correct = True
            found_c += sc
            found_g += sg
            lc, lct, lg, lgt = c, ct, g, gt
    if in_correct:
        correct += 1
    p = 100.0 * correct / found_g if found_g else 0.0
    r = 100.0 * correct / found_c if found_c else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def write_predictions(path, sentences, predicted):
    """The `token gold guess` layout; spaces in tokens become _ (conlleval splits at spaces)."""
    with open(path, "w", encoding="utf-8") as f:
        for (tokens, gold), guess in zip(sentences, predicted):
            for t, g, p in zip(tokens, gold, guess):
                f.write("%s %s %s\n" % (re.sub(r"\s", "_", t), g, p))
            f.write("\n")


def score_file(scorer, path):
    r = subprocess.run(["java", "-jar", scorer, "conlleval", path], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("%s conlleval %s failed: %s" % (scorer, path, r.stderr.strip()))
    m = re.search(r"FB1:\s+([0-9.]+)", r.stdout)
    return r.stdout, float(m.group(1))


# ----------------------------------------------------------------------------- training


def batches_of(enc, batch_size, crf, random):
    """One epoch's batches (Trainer.order): tokens, or for the CRF whole sentences, shuffled by the
    epoch's SplittableRandom as Trainer.order shuffles them, or with --rng torch (random None) by
    torch.randperm. The batches are made before the first is trained on, as Trainer makes them."""
    starts = enc["starts"]
    n = enc["n"] if not crf else len(starts) - 1
    perm = torch.randperm(n).tolist() if random is None else jr.permutation(n, random)
    out = []
    if not crf:
        for i in range(0, n, batch_size):
            out.append((torch.tensor(perm[i:i + batch_size], dtype=torch.long), None))
        return out
    S = n
    i = 0
    while i < S:
        first, windows = i, 0
        while i < S and (i == first or windows + starts[perm[i] + 1] - starts[perm[i]] <= batch_size):
            windows += starts[perm[i] + 1] - starts[perm[i]]
            i += 1
        sent = perm[first:i]
        idx = torch.cat([torch.arange(starts[s], starts[s + 1]) for s in sent])
        out.append((idx, [starts[s + 1] - starts[s] for s in sent]))
    return out


def java_initial_parameters(model, cfg, space, seeds):
    """NerModel.initialize with the seed Trainer.train draws first: each table N(0, 0.1^2), then W
    and U Xavier-uniform, each from its own split of the generator (split even for a table the
    model lacks), written into the torch model."""
    init = jr.SplittableRandom(seeds.next_long())
    rows = {"words": (len(space.words), cfg.word_dim), "casing": (len(CASING), cfg.casing_dim),
            "shapes": (len(space.shapes), cfg.shape_dim), "affixes": (len(space.affixes), cfg.affix_dim)}
    values = {}
    for name in ("words", "casing", "shapes", "affixes"):
        r, c = rows[name]
        split = init.split()
        if r > 0 and c > 0:
            values[name + ".weight"] = jr.normal_matrix(r, c, 0.0, 0.1, split)
    hidden = model.hidden.out_features
    values["hidden.weight"] = jr.xavier_uniform_matrix(hidden, cfg.input_dim, init.split())
    values["out.weight"] = jr.xavier_uniform_matrix(model.out.out_features, hidden, init.split())
    with torch.no_grad():
        params = dict(model.named_parameters())
        for name, v in values.items():
            if tuple(params[name].shape) != v.shape:
                raise AssertionError("%s: %s, Java's %s" % (name, tuple(params[name].shape), v.shape))
            params[name].copy_(torch.from_numpy(v))


# ----------------------------------------------------------------------------- Java's model files

JAVA_NAMES = {"words": "words.weight", "casing": "casing.weight", "shapes": "shapes.weight",
              "affixes": "affixes.weight", "W": "hidden.weight", "b": "hidden.bias", "U": "out.weight",
              "c": "out.bias", "transitions": "transitions", "start": "start", "end": "end"}


def read_safetensors(path):
    """The F64 tensors of a safetensors file (8-byte header length, JSON header, data)."""
    with open(path, "rb") as f:
        data = f.read()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] != "F64":
            sys.exit("%s: %s is %s, expected F64" % (path, name, t["dtype"]))
        lo, hi = t["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + lo:8 + n + hi], dtype="<f8").reshape(t["shape"])
    return out


def compare_model(model, directory, space):
    """Prints, per parameter, the largest difference from the Java model's, and its scale."""
    path = os.path.join(directory, "params.safetensors")
    if not os.path.isfile(path):
        sys.exit("--compare-model: no %s" % path)
    with open(os.path.join(directory, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    if vocab.get("words") != space.words.strings:
        sys.exit("--compare-model: %s/vocab.json has other words or another order than this run"
                 % directory)
    java = read_safetensors(path)
    ours = {n: p.detach().numpy() for n, p in model.named_parameters()}
    worst = 0.0
    for jname, v in java.items():
        name = JAVA_NAMES.get(jname)
        if name not in ours or ours[name].shape != v.shape:
            sys.exit("--compare-model: %s %s has no match here (%s)" % (
                jname, list(v.shape), {n: list(p.shape) for n, p in ours.items()}))
        d = float(np.max(np.abs(ours[name] - v))) if v.size else 0.0
        scale = float(np.max(np.abs(v))) if v.size else 0.0
        worst = max(worst, d / scale if scale > 0 else d)
        print("  %-12s %-12s max |torch - java| %.3e  (max |java| %.3e)" % (jname, list(v.shape), d, scale))
    missing = sorted(set(ours) - {JAVA_NAMES[n] for n in java})
    if missing:
        sys.exit("--compare-model: the Java model lacks %s" % ", ".join(missing))
    print("COMPARE max_relative_difference=%.3e" % worst)


def summary(name, sentences):
    tokens = sum(len(t) for t, _ in sentences)
    types, entities = [], 0
    for _, tags in sentences:
        for t in tags:
            if t.startswith("B-"):
                entities += 1
                if t[2:] not in types:
                    types.append(t[2:])
    return "%s: %s sentences, %s tokens, %s entities (%s)" % (
        name, format(len(sentences), ","), format(tokens, ","), format(entities, ","), ", ".join(types))


def blas_threads():
    """The thread count of the OpenBLAS that torch loaded, or None if it is another BLAS."""
    import ctypes
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line and line.split()[-1].startswith("/")}
    for lib in sorted(libs):
        try:
            return ctypes.CDLL(lib).openblas_get_num_threads()
        except (OSError, AttributeError):
            continue
    return None


def main(a):
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    torch.ones(64, 64) @ torch.ones(64, 64)  # loads the BLAS
    print("torch %s, float64, %d ATen threads, %s OpenBLAS threads, OMP_WAIT_POLICY=%s, %s random numbers" % (
        torch.__version__, torch.get_num_threads(), blas_threads(), os.environ.get("OMP_WAIT_POLICY"),
        "Java's" if a.rng == "java" else "torch's"))
    if torch.get_num_threads() != a.threads:
        sys.exit("torch.set_num_threads(%d) did not take effect" % a.threads)
    paths = [a.train, a.dev] + ([a.test] if a.test else [])
    for p in paths:
        if not os.path.isfile(p):
            sys.exit("no such file: %s" % p)
    corpora, scheme = read_together(paths)
    train, dev = corpora[0], corpora[1]
    test = corpora[2] if a.test else None
    for name, c, p in zip(("train", "dev", "test"), corpora, paths):
        print("%-5s %s, %s" % (name, summary(p, c), scheme))
    sys.stdout.flush()

    started = time.perf_counter()
    cfg = Config(a)
    space = FeatureSpace(train, cfg)
    tags = tag_set(train)
    model = WindowNer(cfg, space, tags, a.hidden, a.activation, a.crf)
    seeds = None
    if a.rng == "java":
        seeds = jr.SplittableRandom(a.seed)
        java_initial_parameters(model, cfg, space, seeds)
    train_enc, dev_enc = space.encode(train), space.encode(dev)
    y_train, y_dev = labels(train, tags), labels(dev, tags)
    dense = torch.optim.Adam(model.dense(), lr=a.lr)
    sparse = torch.optim.SparseAdam([e.weight for e in model.tables()], lr=a.lr)
    print("vocabularies: %d words, %d shapes, %d affixes; %d tags; x has %d values" % (
        len(space.words), len(space.shapes) if cfg.shape_dim else 0,
        len(space.affixes) if cfg.affix_dim else 0, len(tags), cfg.input_dim))

    best_state, best_epoch, best_f1 = None, 0, -1.0
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        loss_sum, done, train_time = 0.0, 0, 0.0
        random = seeds.split() if seeds is not None else None
        for idx, lengths in batches_of(train_enc, a.batch_size, a.crf, random):
            s0 = time.perf_counter()
            b = select(train_enc, idx)
            B = len(idx)
            if a.word_dropout > 0:
                # Trainer.fill: cfg.window draws per window, edges included, before the mask seed
                u = torch.rand(b["words"].shape) if random is None else torch.from_numpy(
                    random.next_doubles(B * cfg.window).reshape(B, cfg.window))
                drop = (u < a.word_dropout) & train_enc["inside"][idx]
                b["words"] = b["words"].masked_fill(drop, UNKNOWN_ID)
            if random is None:
                Z = model(b, a.dropout)
            else:
                seed = random.next_long()  # drawn for every step, with or without dropout
                masks = None
                if a.dropout > 0:  # TrainingStep.masks
                    masks = (torch.from_numpy(jr.dropout_mask(B, cfg.input_dim, a.dropout, seed)),
                             torch.from_numpy(jr.dropout_mask(B, a.hidden, a.dropout, jr.complement(seed))))
                Z = model(b, 0.0, masks)
            yb = y_train[idx]
            if a.crf:
                Zp, yp, mask, _ = pad_sentences(Z, yb, lengths)
                loss = model.crf_nll(Zp, yp, mask).sum() / len(idx)
            else:
                loss = F.cross_entropy(Z, yb)
            dense.zero_grad(set_to_none=True)
            sparse.zero_grad(set_to_none=True)
            loss.backward()
            dense.step()
            sparse.step()
            train_time += time.perf_counter() - s0
            loss_sum += loss.item() * len(idx)
            done += len(idx)
        pred, dev_loss = predict_and_loss(model, dev_enc, y_dev)
        guess = split_by(pred, dev_enc["starts"], tags)
        p, r, f = conlleval_scores([g for _, g in dev], guess)
        improved = f / 100.0 > best_f1
        if improved:
            best_f1, best_epoch = f / 100.0, epoch
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        print("epoch %d/%d  train loss %.4f  dev loss %.4f  dev F1 %.2f (P %.2f, R %.2f)  %s windows/s  %.1f s%s" % (
            epoch, a.epochs, loss_sum / done, dev_loss, f, p, r, format(round(done / train_time), ","),
            time.perf_counter() - t0, "  best so far, kept" if improved else ""))
        sys.stdout.flush()
        if epoch - best_epoch >= a.patience:
            break
    model.load_state_dict(best_state)
    if a.compare_model:
        print("\nparameters of the kept model beside %s:" % a.compare_model)
        compare_model(model, a.compare_model, space)
    dev_guess = split_by(predict_and_loss(model, dev_enc, y_dev)[0], dev_enc["starts"], tags)
    test_guess = None
    if test is not None:
        test_enc = space.encode(test)
        test_guess = split_by(predict_and_loss(model, test_enc, labels(test, tags))[0], test_enc["starts"], tags)
    seconds = time.perf_counter() - started
    print("\nkept epoch %d (best dev F1), trained in %.1f s" % (best_epoch, seconds))

    out = a.out or "/tmp/window_ner_%d" % os.getpid()
    os.makedirs(out, exist_ok=True)
    results = [("dev", dev, dev_guess)] + ([("test", test, test_guess)] if test is not None else [])
    f1 = {}
    for name, sentences, guess in results:
        path = os.path.join(out, name + ".predictions.txt")
        write_predictions(path, sentences, guess)
        if a.scorer == "none":
            p, r, f = conlleval_scores([g for _, g in sentences], guess)
            report, f1[name] = "precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n" % (p, r, f), round(f, 2)
        else:
            report, f1[name] = score_file(a.scorer, path)
        with open(os.path.join(out, name + ".conlleval.txt"), "w", encoding="utf-8") as fo:
            fo.write(report)
        print(name + ":")
        print(report, end="")
    own = conlleval_scores([g for _, g in dev], dev_guess)[2]
    if abs(round(own, 2) - f1["dev"]) > 0.005:
        print("warning: the in-process dev F1 %.2f differs from the scorer's %.2f" % (own, f1["dev"]))
    print("RESULT best_epoch=%d seconds=%.1f dev_f1=%.2f%s" % (
        best_epoch, seconds, f1["dev"], " test_f1=%.2f" % f1["test"] if "test" in f1 else ""))


def split_by(flat, starts, tags):
    flat = flat.tolist()
    return [[tags[i] for i in flat[starts[k]:starts[k + 1]]] for k in range(len(starts) - 1)]


if __name__ == "__main__":
    main(ARGS)
