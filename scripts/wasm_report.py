#!/usr/bin/env python3
"""Size and locals report of Wasm artifacts, without building wasmer.

For each file: size, the largest function's declared locals (cosmwasm-vm 3.0.9+ rejects more
than 100, counted as it counts them: the local declarations of the body, not the parameters) and
the total of all functions' locals (limit 10,000). With --budget-locals N / --budget-kib N the
script exits non-zero when an artifact exceeds the budget.

    python3 scripts/wasm_report.py artifacts/*.wasm [--budget-locals 80] [--budget-kib 760]
        [--budget-kib-for claims_engine.wasm=580]
"""
import argparse
import sys


def uleb(buf, pos):
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def function_names(buf, pos, end):
    """Names from the `name` custom section (subsection 1), if the build kept it."""
    names = {}
    while pos < end:
        sub, pos = buf[pos], pos + 1
        size, pos = uleb(buf, pos)
        if sub == 1:
            p = pos
            count, p = uleb(buf, p)
            for _ in range(count):
                idx, p = uleb(buf, p)
                n, p = uleb(buf, p)
                names[idx] = buf[p:p + n].decode("utf-8", "replace")
                p += n
        pos += size
    return names


def report(path):
    buf = open(path, "rb").read()
    if buf[:4] != b"\0asm":
        raise ValueError(f"{path}: not a wasm module")
    pos = 8
    imported_funcs = 0
    locals_per_func = []
    names = {}
    while pos < len(buf):
        sid, pos = buf[pos], pos + 1
        size, pos = uleb(buf, pos)
        end = pos + size
        if sid == 2:  # imports: count imported functions (they shift function indices)
            p = pos
            count, p = uleb(buf, p)
            for _ in range(count):
                for _ in range(2):
                    n, p = uleb(buf, p)
                    p += n
                kind, p = buf[p], p + 1
                if kind == 0:
                    imported_funcs += 1
                    _, p = uleb(buf, p)
                elif kind == 1:  # table: reftype + limits
                    p += 1
                    flags, p = uleb(buf, p)
                    _, p = uleb(buf, p)
                    if flags & 1:
                        _, p = uleb(buf, p)
                elif kind == 2:  # memory: limits
                    flags, p = uleb(buf, p)
                    _, p = uleb(buf, p)
                    if flags & 1:
                        _, p = uleb(buf, p)
                elif kind == 3:  # global: valtype + mut
                    p += 2
        elif sid == 10:  # code
            p = pos
            count, p = uleb(buf, p)
            for _ in range(count):
                body_size, p = uleb(buf, p)
                body_end = p + body_size
                q = p
                groups, q = uleb(buf, q)
                total = 0
                for _ in range(groups):
                    n, q = uleb(buf, q)
                    q += 1
                    total += n
                locals_per_func.append(total)
                p = body_end
        elif sid == 0:
            n, p = uleb(buf, pos)
            if buf[p:p + n] == b"name":
                names = function_names(buf, p + n, end)
        pos = end
    biggest = max(range(len(locals_per_func)), key=lambda i: locals_per_func[i], default=None)
    name = names.get(biggest + imported_funcs, f"func[{biggest + imported_funcs}]") if biggest is not None else "-"
    return len(buf), (locals_per_func[biggest] if biggest is not None else 0), sum(locals_per_func), name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wasm", nargs="+")
    ap.add_argument("--budget-locals", type=int)
    ap.add_argument("--budget-kib", type=float)
    ap.add_argument("--budget-kib-for", action="append", default=[], metavar="NAME=KIB",
                    help="a budget for one artifact (file name) instead of --budget-kib")
    args = ap.parse_args()
    own = {}
    for spec in args.budget_kib_for:
        name, _, kib = spec.partition("=")
        own[name] = float(kib)
    fail = False
    print(f"{'artifact':<26} {'bytes':>9} {'KiB':>7} {'max locals':>10} {'total locals':>12}  largest function")
    for path in args.wasm:
        size, max_locals, total, name = report(path)
        notes = []
        if max_locals > 100 or total > 10_000:
            notes.append("FAIL: over cosmwasm-vm's locals limits (100 per function, 10,000 in all)")
        if args.budget_locals is not None and max_locals > args.budget_locals:
            notes.append(f"over the locals budget {args.budget_locals}")
        budget = own.get(path.rsplit("/", 1)[-1], args.budget_kib)
        if budget is not None and size > budget * 1024:
            notes.append(f"over the size budget {budget} KiB")
        fail |= bool(notes)
        print(f"{path.rsplit('/', 1)[-1]:<26} {size:>9} {size / 1024:>7.1f} {max_locals:>10} {total:>12}  {name[:60]}  {'; '.join(notes)}")
    sys.exit(1 if fail else 0)


if __name__ == "__main__":
    main()
