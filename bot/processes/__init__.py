"""Process plumbing: a pool of forked workers that keeps results in order, and processes that die with their parent."""
