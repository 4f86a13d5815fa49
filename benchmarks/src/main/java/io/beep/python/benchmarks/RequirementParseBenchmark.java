package io.beep.python.benchmarks;

import io.beep.python.packages.Requirement;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Parsing one PEP 508 requirement: the bootstrap parses every configured package and every profile
 * entry on each start, before it can decide that nothing needs installing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequirementParseBenchmark {

    @Param({"numpy",
            "requests[security,socks]>=2.31,<3",
            "torch==2.3.1; python_version >= '3.9' and platform_machine == 'x86_64'",
            "pkg @ https://example.org/pkg-1.0-py3-none-any.whl"})
    public String text;

    @Benchmark
    public Requirement parse() {
        return Requirement.parse(text);
    }
}
