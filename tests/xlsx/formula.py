"""formula.py — a small evaluator of spreadsheet formulas, for the tests of the impact map: it
recomputes a workbook's formulas without any spreadsheet program, in exact fractions (each
stored number is read as the exact decimal it is written as), so `make check` verifies that
the live formulas pvs writes redo pvs's computation.

It knows the subset the workbook uses, with Excel's meaning: numbers, "text", cell references
(A1, $A$1, 'Sheet name'!A1), ranges (A1:C1), + - * / ^ (a unary minus binds tighter than ^,
as in Excel: -2^2 is 4), comparisons (= <> < <= > >=); functions IF, SUM, SUMPRODUCT. An empty cell is 0. Arithmetic between ranges (or a
range and a number) is element by element, as in SUMPRODUCT's array context. Anything else
raises ValueError, so a formula outside the subset fails the test instead of passing it.
"""
import re
from fractions import Fraction

from xlsx_read import col_index

TOKEN = re.compile(r"""\s*(?:
    (?P<num>\d+(?:\.\d*)?(?:[Ee][+-]?\d+)?)
  | (?P<str>"(?:[^"]|"")*")
  | (?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?\$?[A-Z]{1,3}\$?\d+)
  | (?P<func>[A-Z][A-Z0-9.]*)\(
  | (?P<op><=|>=|<>|[-+*/^=<>(),:])
)""", re.X)


def tokenize(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError("cannot read formula at %r" % text[pos:])
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class Evaluator:
    """evaluate(sheet_name, row, col) -> Fraction | str | list, over book (xlsx_read.read)
    with optional overrides {(sheet, row, col): Fraction} for the inputs an auditor changes."""

    def __init__(self, book, overrides=None):
        self.book = book
        self.overrides = overrides or {}
        self.cache = {}

    def value(self, sheet, row, col):
        key = (sheet, row, col)
        if key in self.overrides:
            return self.overrides[key]
        if key in self.cache:
            return self.cache[key]
        c = self.book[sheet].cell(row, col)
        if c is None:
            v = Fraction(0)
        elif c.formula is not None:
            self.cache[key] = None          # a cycle reads None and fails
            v = self.formula(sheet, c.formula)
        elif c.kind == "n":
            v = Fraction(c.raw)
        else:
            v = c.value
        self.cache[key] = v
        return v

    def formula(self, sheet, text):
        saved = getattr(self, "toks", None), getattr(self, "i", 0), getattr(self, "sheet", None)
        self.toks, self.i, self.sheet = tokenize(text), 0, sheet   # a reference re-enters here
        v = self.comparison()
        if self.i != len(self.toks):
            raise ValueError("unexpected %r in %r" % (self.toks[self.i][1], text))
        self.toks, self.i, self.sheet = saved
        return v

    # ---- the grammar: comparison > additive > multiplicative > power > signed > primary
    def peek(self):
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self, expected=None):
        t = self.toks[self.i]
        if expected and t[1] != expected:
            raise ValueError("expected %r, got %r" % (expected, t[1]))
        self.i += 1
        return t

    def comparison(self):
        a = self.additive()
        while self.peek() in ("=", "<>", "<", "<=", ">", ">="):
            op = self.take()[1]
            b = self.additive()
            a = {"=": a == b, "<>": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        return a

    def additive(self):
        a = self.multiplicative()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            b = self.multiplicative()
            a = elementwise(a, b, (lambda x, y: x + y) if op == "+" else (lambda x, y: x - y))
        return a

    def multiplicative(self):
        a = self.power()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            b = self.power()
            a = elementwise(a, b, (lambda x, y: x * y) if op == "*" else divide)
        return a

    def power(self):
        a = self.signed()
        while self.peek() == "^":
            self.take()
            b = self.signed()
            a = elementwise(a, b, power)
        return a

    def signed(self):
        if self.peek() == "-":
            self.take()
            return elementwise(self.signed(), Fraction(-1), lambda x, y: x * y)
        if self.peek() == "+":
            self.take()
        return self.primary()

    def primary(self):
        kind, text = self.take()
        if kind == "num":
            return Fraction(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            sheet, row, col = self.ref(text)
            if self.peek() == ":":
                self.take()
                _, row2, col2 = self.ref(self.take()[1])
                return [self.value(sheet, r, c) for r in range(row, row2 + 1) for c in range(col, col2 + 1)]
            return self.value(sheet, row, col)
        if kind == "func":
            args = []
            if self.peek() != ")":
                args.append(self.comparison())
                while self.peek() == ",":
                    self.take()
                    args.append(self.comparison())
            self.take(")")
            return self.call(text, args)
        if text == "(":
            v = self.comparison()
            self.take(")")
            return v
        raise ValueError("unexpected %r" % text)

    def ref(self, text):
        sheet = self.sheet
        if "!" in text:
            sheet, text = text.rsplit("!", 1)
            sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", text)
        return sheet, int(m.group(2)) - 1, col_index(m.group(1))

    def call(self, name, args):
        if name == "IF":
            cond, yes = args[0], args[1]
            no = args[2] if len(args) > 2 else False
            return yes if cond else no
        if name == "SUM":
            total = Fraction(0)
            for a in args:
                for x in (a if isinstance(a, list) else [a]):
                    if isinstance(x, Fraction):
                        total += x
            return total
        if name == "SUMPRODUCT":
            if len(args) != 1 or not isinstance(args[0], list):
                raise ValueError("SUMPRODUCT of one array only")
            return sum(args[0], Fraction(0))
        raise ValueError("function %s is not in the subset" % name)


def elementwise(a, b, op):
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            raise ValueError("arrays of different sizes")
        return [op(as_num(x), as_num(y)) for x, y in zip(a, b)]
    if isinstance(a, list):
        return [op(as_num(x), as_num(b)) for x in a]
    if isinstance(b, list):
        return [op(as_num(a), as_num(y)) for y in b]
    return op(as_num(a), as_num(b))


def as_num(x):
    if isinstance(x, bool):
        return Fraction(int(x))
    if isinstance(x, Fraction):
        return x
    if x == "":
        raise ValueError("#VALUE!: arithmetic on empty text")
    raise ValueError("#VALUE!: arithmetic on %r" % (x,))


def divide(x, y):
    if y == 0:
        raise ZeroDivisionError("#DIV/0!")
    return x / y


def power(x, n):
    if n.denominator != 1:
        raise ValueError("only whole exponents")
    return x ** int(n)
