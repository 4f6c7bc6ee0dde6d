// Each test class starts a PostgreSQL cluster of its own; on a 2-core machine one at a time keeps them quick, and
// the SelfLog captures (SelfLog is global) from seeing each other's lines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
