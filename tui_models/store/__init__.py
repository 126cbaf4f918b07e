"""What tui-models keeps on disk between runs, and the one way it reads and writes it.

- `paths`: every directory and file name (XDG base directories, `digest` of the owner).
- `files`: bounded reads of regular files only, the one atomic writer (streaming, no-clobber).
- `jsonparts`: JSON written and read in parts, never one long C call at 100,000 models.
- `ledger`: which files the no-clobber writer wrote, so that it may replace them.
- `lists`, `marks`, `probes`, `relay`: the list cache, stars and recent ids, probe results and
  a relay's prices, each built on the two above. The key is never written: files are named by
  digests of the base URL and the key's fingerprint.

Never imports Textual.
"""
