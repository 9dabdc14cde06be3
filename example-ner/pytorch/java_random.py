"""java.util.SplittableRandom, and the draws chainrule-ner's trainer makes from it, in Python.

With these the PyTorch twin starts from the parameters the Java trainer starts from and sees the
same batches, word dropout and dropout masks, so one seed trains the same model in both, up to the
rounding of the arithmetic (the order of sums in a matrix product, say), not merely a model of the
same distribution.

SplittableRandom is SplitMix64 (Steele, Lea and Flood, OOPSLA 2014): the k-th value after a state
`seed` is mix64(seed + k * gamma), so a run of n values is computed at once with numpy's wrapping
uint64 arithmetic. The algorithms are those of OpenJDK 17 and later (java.util.SplittableRandom,
jdk.internal.util.random.RandomSupport); `python3 java_random.py` checks them against values the
JDK printed, which PyTorchTwinTest in example-ner's tests pins on the JDK side.
"""

import math

import numpy as np

_MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
_DOUBLE_UNIT = 2.0 ** -53


def _mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def _mix32(z):
    """The unsigned 32 bits of SplittableRandom.mix32."""
    z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & _MASK
    return (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & _MASK) >> 32


def _mix_gamma(z):
    z = ((z ^ (z >> 33)) * 0xFF51AFD7ED558CCD) & _MASK
    z = ((z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53) & _MASK
    z = (z ^ (z >> 33)) | 1
    return z ^ 0xAAAAAAAAAAAAAAAA if bin(z ^ (z >> 1)).count("1") < 24 else z


def _mix64_array(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def signed(x):
    """A 64-bit value as Java's long prints it."""
    return x - (1 << 64) if x >> 63 else x


class SplittableRandom:
    """java.util.SplittableRandom; longs are kept as their unsigned 64 bits."""

    def __init__(self, seed, gamma=GOLDEN_GAMMA):
        self.seed = seed & _MASK
        self.gamma = gamma

    def _next_seed(self):
        self.seed = (self.seed + self.gamma) & _MASK
        return self.seed

    def next_long(self):
        """nextLong(), unsigned: pass it on as a seed as it is, print it with signed()."""
        return _mix64(self._next_seed())

    def next_int(self, bound):
        """nextInt(bound) (RandomSupport.boundedNextInt: masks powers of two, else rejects the
        over-represented top of [0, 2^31))."""
        r = _mix32(self._next_seed())
        if bound <= 0:
            raise ValueError("bound must be positive")
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = r >> 1
        while True:
            r = u % bound
            if u + m - r < (1 << 31):  # Java: u + m - r does not overflow to a negative int
                return r
            u = _mix32(self._next_seed()) >> 1

    def next_double(self):
        return (self.next_long() >> 11) * _DOUBLE_UNIT

    def next_doubles(self, n):
        """n calls of nextDouble(), as a float64 array."""
        k = np.arange(1, n + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            z = _mix64_array(np.uint64(self.seed) + k * np.uint64(self.gamma))
        self.seed = (self.seed + n * self.gamma) & _MASK
        return (z >> np.uint64(11)).astype(np.float64) * _DOUBLE_UNIT

    def split(self):
        return SplittableRandom(self.next_long(), _mix_gamma(self._next_seed()))


# ----------------------------------------------------------------------------- the trainer's draws


def normal_matrix(rows, cols, mean, std, random):
    """Initializer.normal(mean, std).matrix(rows, cols, random): Box-Muller, row by row, each pair
    of nextDouble() giving r cos t, then r sin t."""
    n = rows * cols
    u = random.next_doubles(2 * ((n + 1) // 2))
    r = np.sqrt(-2.0 * np.log(1.0 - u[0::2]))
    t = (2.0 * math.pi) * u[1::2]
    out = np.empty(2 * len(r))
    out[0::2] = mean + (std * r) * np.cos(t)
    out[1::2] = mean + std * (r * np.sin(t))
    return out[:n].reshape(rows, cols)


def xavier_uniform_matrix(out, inp, random):
    """Initializer.xavierUniform().matrix(out, in, random): -a + 2a u, a = sqrt(6 / (in + out))."""
    a = math.sqrt(6.0 / (float(inp) + out))
    return -a + (2 * a) * random.next_doubles(out * inp).reshape(out, inp)


def permutation(n, random):
    """Trainer.order's shuffle: Fisher-Yates from the top, j = nextInt(i + 1)."""
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        j = random.next_int(i + 1)
        perm[i], perm[j] = perm[j], perm[i]
    return perm


def dropout_mask(rows, cols, p, seed):
    """Dropout.maskMatrix(rows, cols, p, seed): kept (nextDouble() >= p) as 1 / (1 - p), else 0."""
    keep = SplittableRandom(seed).next_doubles(rows * cols) >= p
    return np.where(keep, 1.0 / (1.0 - p), 0.0).reshape(rows, cols)


def complement(seed):
    """Java's ~seed."""
    return seed ^ _MASK


# ----------------------------------------------------------------------------- self-test

# Printed by OpenJDK 17 and 25 (PyTorchTwinTest pins the same numbers): from new
# SplittableRandom(42), three nextLong(), three nextInt(7), nextInt(16), eight nextInt(1610612736)
# (a bound whose rejection step fires about once in four: three times here), two nextDouble(), then
# split().nextLong() and the split-off generator's nextDouble().
_GOLDEN = {
    "longs": [-4767286540954276203, 2949826092126892291, 5139283748462763858],
    "ints7": [1, 2, 1],
    "int16": 0,
    "intsBig": [1373018519, 1182818706, 517437945, 823239971, 177078128, 1065343553, 250425588, 1328279849],
    "doubles": [0.09342765535316888, 0.6889463724014132],
    "splitLong": 1609992192498807615,
    "splitDouble": 0.7024512684079911,
}


def _self_test():
    r = SplittableRandom(42)
    got = {
        "longs": [signed(r.next_long()) for _ in range(3)],
        "ints7": [r.next_int(7) for _ in range(3)],
        "int16": r.next_int(16),
        "intsBig": [r.next_int(1610612736) for _ in range(8)],
        "doubles": [r.next_double() for _ in range(2)],
    }
    s = r.split()
    got["splitLong"] = signed(s.next_long())
    got["splitDouble"] = s.next_double()
    v = SplittableRandom(7)
    a = v.next_doubles(5)
    w = SplittableRandom(7)
    b = [w.next_double() for _ in range(5)]
    assert list(a) == b, (a, b)
    assert v.seed == w.seed
    for key, value in _GOLDEN.items():
        assert got[key] == value, (key, got[key], value)


if __name__ == "__main__":
    _self_test()
    print("java_random: SplittableRandom as the JDK's, on every value checked")
