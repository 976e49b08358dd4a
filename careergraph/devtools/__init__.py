"""Development tools, not used by the command's queries: the synthetic graph generator
(benchmarks, tests, `careergraph generate`) and the concurrent load-test workload."""
