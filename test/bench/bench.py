#!/usr/bin/env python3
"""bench.py: runs purdah-bench, GNU grep (and optionally alex) on the inputs prepare_inputs.py
wrote, and prints one table (Markdown) with the ratios and the issue's targets. Called by
run_bench.sh; it can be run alone:

    bench.py --bench PATH/purdah-bench --inputs DIR [--runs N] [--threads N] [--json FILE]
             [--alex PATH/alex]
    bench.py --compare BEFORE.json AFTER.json      (a before/after table of two saved runs)

Timing: purdah-bench and Hyperscan are timed in-process with the thread's CPU time (see
purdah_bench.c); grep is timed by its CPU time (user + system, from wait4), median of the runs.
grep's figure is its scanning speed: the time it takes on an empty file (reading the literal list
and building its matcher) is subtracted, as purdah's policy compile is not counted either.
"""
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

SIZES = (1000, 5000, 20000)


def run_kv(cmd):
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    kv = {}
    for line in out.splitlines():
        if "\t" in line:
            k, v = line.split("\t", 1)
            try:
                kv[k] = float(v)
            except ValueError:
                kv[k] = v
    return kv


def cpu_time(cmd, stdin_path=None, env=None):
    """CPU seconds (user + system) of one run of cmd, and its stdout."""
    with open(stdin_path or os.devnull, "rb") as fin:
        p = subprocess.Popen(cmd, stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        out = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
    return ru.ru_utime + ru.ru_stime, out.decode(errors="replace").strip(), ru.ru_maxrss


def median_cpu(cmd, runs, env=None):
    times, out = [], ""
    for _ in range(runs):
        t, out, _ = cpu_time(cmd, env=env)
        times.append(t)
    return statistics.median(times), out


def slice_file(src, dst, nbytes):
    with open(src, "rb") as f:
        data = f.read(nbytes)
    cut = data.rfind(b"\n")
    data = data[: cut + 1] if cut > 0 else data
    with open(dst, "wb") as f:
        f.write(data)
    return len(data)


def machine():
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    grep_version = subprocess.run(["grep", "--version"], stdout=subprocess.PIPE, text=True).stdout.splitlines()[0]
    cc = subprocess.run(["cc", "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return {
        "cpu": model,
        "nproc": os.cpu_count(),
        "kernel": platform.release(),
        "os": platform.platform(),
        "grep": grep_version,
        "cc": cc.splitlines()[0] if cc else "?",
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load_before": os.getloadavg(),
    }


def fmt(x, digits=0):
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    return ("{:,.%df}" % digits).format(x)


def compare(before_path, after_path):
    b, a = json.load(open(before_path)), json.load(open(after_path))
    rows = [("policy compile, ms", lambda r, n: r["compile"][n]["compile_ms"], 1),
            ("plain text, MB/s", lambda r, n: r["purdah"][n]["text_mbs"], 1),
            ("HTML, MB/s", lambda r, n: r["purdah"][n]["html_mbs"], 1),
            ("3 KB text draft p50 µs", lambda r, n: r["purdah"][n]["lat_text_p50_us"], 1),
            ("3 KB text draft p99 µs", lambda r, n: r["purdah"][n]["lat_text_p99_us"], 1),
            ("3 KB HTML draft p50 µs", lambda r, n: r["purdah"][n]["lat_html_p50_us"], 1),
            ("3 KB HTML draft p99 µs", lambda r, n: r["purdah"][n]["lat_html_p99_us"], 1),
            ("3 KB HTML draft p99 of each draft's best run µs", lambda r, n: r["purdah"][n].get("lat_html_best_p99_us"), 1),
            ("ratio to Hyperscan (same run)", lambda r, n: r["purdah"][n]["text_mbs"] / r["purdah"][n]["hs_mbs"], 2),
            ("peak RSS after compile, MB", lambda r, n: r["compile"][n]["peak_rss_kb"] / 1024, 1)]
    print("| | " + " | ".join("%s names before → after" % fmt(int(n)) for n in SIZES) + " |")
    print("|---|" + "---:|" * len(SIZES))
    for label, f, d in rows:
        cells = []
        for n in SIZES:
            k = str(n)
            try:
                x, y = f(b, k), f(a, k)
            except (KeyError, TypeError, ZeroDivisionError):
                x = y = None
            cells.append("%s → %s" % (fmt(x, d), fmt(y, d)))
        print("| %s | %s |" % (label, " | ".join(cells)))
    return 0


def main():
    args = sys.argv[1:]
    if args and args[0] == "--compare":
        return compare(args[1], args[2])
    opts = {"--runs": "5", "--threads": str(os.cpu_count() or 2), "--json": None, "--alex": None}
    i = 0
    while i < len(args):
        opts[args[i]] = args[i + 1]
        i += 2
    bench, inputs = opts["--bench"], opts["--inputs"]
    runs, threads = int(opts["--runs"]), int(opts["--threads"])
    info = json.load(open(os.path.join(inputs, "inputs.json")))
    m = machine()
    P = lambda name: os.path.join(inputs, name)
    res = {"machine": m, "inputs": info, "purdah": {}, "compile": {}, "grep": {}, "grep_w": {}}

    for n in SIZES:
        sys.stderr.write("purdah-bench, %d names...\n" % n)
        cmd = [bench, "--names", P("names-%d.csv" % n), "--text", P("text.txt"), "--html", P("page.html"),
               "--drafts", P("drafts.txt"), "--html-drafts", P("drafts.html"), "--literals",
               P("literals-%d.txt" % n), "--runs", str(runs), "--threads", str(threads if n == 5000 else 0)]
        res["purdah"][n] = run_kv(cmd)
        # compile time and peak memory in fresh processes (a program compiles its policy once)
        comp = [run_kv([bench, "--names", P("names-%d.csv" % n), "--compile-only"]) for _ in range(max(3, runs))]
        res["compile"][n] = {
            "compile_ms": statistics.median(c["compile_ms"] for c in comp),
            "load_ms": statistics.median(c["load_ms"] for c in comp),
            "peak_rss_kb": max(c["compile_peak_rss_kb"] for c in comp),
        }

    env = dict(os.environ, LC_ALL="C")
    text_bytes = os.path.getsize(P("text.txt"))
    for n in SIZES:
        lits = P("literals-%d.txt" % n)
        sys.stderr.write("grep, %d names...\n" % n)
        setup, _ = median_cpu(["grep", "-c", "-F", "-i", "-f", lits, os.devnull], runs, env)
        total, count = median_cpu(["grep", "-c", "-F", "-i", "-f", lits, P("text.txt")], runs, env)
        res["grep"][n] = {"setup_s": setup, "total_s": total, "lines": count,
                          "mbs": text_bytes / max(total - setup, 1e-9) / 1e6,
                          "mbs_with_setup": text_bytes / total / 1e6}
        # with -w GNU grep 3.8 retries every failed word-boundary check, at well under 1 MB/s with
        # these lists: it runs on a slice sized to take a few seconds
        slice_bytes = {1000: 1 << 20, 5000: 256 << 10, 20000: 64 << 10}[n]
        sl = P("grep-w-slice-%d.txt" % n)
        got = slice_file(P("text.txt"), sl, slice_bytes)
        setup_w, _ = median_cpu(["grep", "-c", "-F", "-i", "-w", "-f", lits, os.devnull], 1, env)
        total_w, count_w = median_cpu(["grep", "-c", "-F", "-i", "-w", "-f", lits, sl], 1, env)
        res["grep_w"][n] = {"bytes": got, "setup_s": setup_w, "total_s": total_w, "lines": count_w,
                            "mbs": got / max(total_w - setup_w, 1e-9) / 1e6}

    if opts["--alex"]:
        sys.stderr.write("alex...\n")
        sl = P("alex-slice-100k.txt")
        got = slice_file(P("text.txt"), sl, 100 * 1000)
        t0 = time.time()
        t, _, rss = cpu_time([opts["--alex"], "--text", sl], env=dict(os.environ, NO_UPDATE_NOTIFIER="1"))
        res["alex"] = {"bytes": got, "cpu_s": t, "wall_s": time.time() - t0, "mbs": got / t / 1e6, "rss_kb": rss}

    m["load_after"] = os.getloadavg()
    if opts["--json"]:
        json.dump(res, open(opts["--json"], "w"), indent=1, default=str)
    print_table(res, runs, threads)
    return 0


def print_table(res, runs, threads):
    pu, co, gr, gw = res["purdah"], res["compile"], res["grep"], res["grep_w"]
    m, info = res["machine"], res["inputs"]
    hs = any("hs_mbs" in pu[n] for n in SIZES)
    g = lambda n, k: pu[n].get(k)
    rows = []
    add = lambda label, f, d=0: rows.append([label] + [fmt(f(n), d) for n in SIZES])
    add("literals (names in all their forms + wordlists)", lambda n: int(g(n, "hs_literals") or 0) or None)
    add("policy compile, ms (median, fresh process)", lambda n: co[n]["compile_ms"], 1)
    add("peak RSS after compile, MB", lambda n: co[n]["peak_rss_kb"] / 1024, 1)
    add("**purdah full check, plain text, MB/s**", lambda n: g(n, "text_mbs"), 1)
    add("purdah, first half of the text, MB/s (linearity)", lambda n: g(n, "text_half_mbs"), 1)
    add("purdah full check, HTML, MB/s", lambda n: g(n, "html_mbs"), 1)
    add("findings in the plain text", lambda n: g(n, "text_findings"))
    add("GNU grep -c -F -i -w -f, MB/s (on a slice)", lambda n: gw[n]["mbs"], 3)
    add("GNU grep -c -F -i -f (no -w), MB/s", lambda n: gr[n]["mbs"], 1)
    if hs:
        add("Hyperscan literal (caseless, no word check), MB/s", lambda n: g(n, "hs_mbs"), 1)
    add("**ratio purdah / grep -w** (target ≥ 1.0)", lambda n: g(n, "text_mbs") / gw[n]["mbs"])
    add("ratio purdah / grep without -w", lambda n: g(n, "text_mbs") / gr[n]["mbs"], 2)
    if hs:
        add("**ratio purdah / Hyperscan** (target ≥ 0.5)", lambda n: g(n, "text_mbs") / g(n, "hs_mbs") if g(n, "hs_mbs") else None, 2)
    add("throughput relative to 5,000 names (target ≥ 0.70 at 20,000)", lambda n: g(n, "text_mbs") / g(5000, "text_mbs"), 2)
    add("3 KB text draft, p50 / p99 µs", lambda n: "%s / %s" % (fmt(g(n, "lat_text_p50_us"), 1), fmt(g(n, "lat_text_p99_us"), 1)))
    add("**3 KB HTML draft, p50 / p99 µs** (target p99 < 100)", lambda n: "%s / %s" % (fmt(g(n, "lat_html_p50_us"), 1), fmt(g(n, "lat_html_p99_us"), 1)))
    n5 = pu[5000]
    thread_rows = []
    for t in range(1, threads + 1):
        if "docs_t%d_mbs" % t in n5:
            thread_rows.append("%d thread%s: %s MB/s, %s docs/s, %s MB per CPU-second%s" % (
                t, "" if t == 1 else "s", fmt(n5["docs_t%d_mbs" % t], 1), fmt(n5["docs_t%d_docs_per_sec" % t]),
                fmt(n5.get("docs_t%d_cpu_mbs" % t), 1),
                "" if t == 1 else " (wall-clock ×%.2f, CPU efficiency %.2f)" % (
                    n5["docs_t%d_mbs" % t] / n5["docs_t1_mbs"],
                    n5.get("docs_t%d_cpu_mbs" % t, 0) / n5.get("docs_t1_cpu_mbs", 1))))

    print("## Results\n")
    print("Machine: %s, %s cores (`nproc`), Linux %s; %s; %s; Hyperscan %s. Date: %s." % (
        m["cpu"], m["nproc"], m["kernel"], m["cc"], m["grep"], pu[5000].get("hyperscan", "not built"), m["date"]))
    print("Load average before / after: %s / %s (other processes were %s)." % (
        " ".join("%.2f" % x for x in m["load_before"]), " ".join("%.2f" % x for x in m["load_after"]),
        "running" if max(m["load_before"][0], m["load_after"][0]) > 0.5 else "idle"))
    print("Names: %s. Text: %s; HTML: the same releases in a GOV.UK page template, %s MB; drafts: %d "
          "of ~3 KB (HTML ~%d bytes).\n" % (info["names"], info["text"], fmt(info["html_bytes"] / 1e6, 1),
                                            info["drafts"], info["draft_html_bytes_avg"]))
    print("| | 1,000 names | 5,000 names | 20,000 names |")
    print("|---|---:|---:|---:|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print("\nDocuments checked one by one (the text split into its %s releases, one scanner per thread, one "
          "policy; 5,000 names): %s." % (fmt(n5.get("docs_count")), "; ".join(thread_rows)))
    if "alex" in res:
        a = res["alex"]
        print("\nalex (npm) `--text` on %s KB of the same text: %.2f s CPU, %s MB/s, peak RSS %s MB." % (
            fmt(a["bytes"] / 1000), a["cpu_s"], fmt(a["mbs"], 3), fmt(a["rss_kb"] / 1024)))
    print("\nPeak RSS of the whole 5,000-name run (32 MB text and 43 MB HTML in memory): %s MB." % fmt(n5["peak_rss_kb"] / 1024))

    # targets
    t = []
    r5 = n5["text_mbs"]
    rg = r5 / gw[5000]["mbs"]
    t.append(("plain text, 5,000 names, ≥ GNU grep -c -F -i -w (ratio ≥ 1.0)", rg >= 1.0, "ratio %s" % fmt(rg)))
    rg2 = r5 / gr[5000]["mbs"]
    t.append(("(stricter, not the target: ≥ grep -c -F -i without -w)", rg2 >= 1.0, "ratio %.2f" % rg2))
    if n5.get("hs_mbs"):
        rh = r5 / n5["hs_mbs"]
        t.append(("plain text, 5,000 names, ≥ 0.5 × Hyperscan", rh >= 0.5, "ratio %.2f" % rh))
    s20 = pu[20000]["text_mbs"] / r5
    t.append(("20,000 names within 30% of 5,000", s20 >= 0.7, "%.2f of the 5,000-name figure" % s20))
    p99 = n5["lat_html_p99_us"]
    t.append(("3 KB HTML draft p99 < 100 µs (5,000 names)", p99 < 100, "%.1f µs" % p99))
    p99_20 = pu[20000]["lat_html_p99_us"]
    t.append(("(the same with 20,000 names)", p99_20 < 100, "%.1f µs" % p99_20))
    c20 = co[20000]["compile_ms"]
    t.append(("policy compile, 20,000 names, < 100 ms", c20 < 100, "%.1f ms" % c20))
    mem = co[20000]["peak_rss_kb"] / 1024
    t.append(("peak memory, 20,000 names, < 64 MB", mem < 64, "%.1f MB" % mem))
    if "docs_t2_mbs" in n5:
        sp = n5["docs_t2_mbs"] / n5["docs_t1_mbs"]
        eff = n5.get("docs_t2_cpu_mbs", 0) / n5.get("docs_t1_cpu_mbs", 1)
        t.append(("parallel documents scale with cores (2 threads, wall clock)", sp >= 1.6,
                  "×%.2f wall clock; per-CPU-second efficiency %.2f of 1 thread" % (sp, eff)))
    lin = pu[5000]["text_mbs"] / pu[5000]["text_half_mbs"]
    t.append(("linear in input size (whole text vs its first half: ≥ 0.9)", lin >= 0.9, "%.2f" % lin))
    print("\n### Targets\n")
    print("| target | met | measured |")
    print("|---|---|---|")
    for name, ok, how in t:
        print("| %s | %s | %s |" % (name, "yes" if ok else "**no**", how))


if __name__ == "__main__":
    sys.exit(main())
