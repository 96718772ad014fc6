using Benchmarks.LocalOverhead;

var results = new double[Kernel.Points];
Parallel.For(0, Kernel.Points, i => results[i] = Kernel.Work(i));
Console.WriteLine($"{Kernel.Points} points, checksum {results.Sum():R}");
