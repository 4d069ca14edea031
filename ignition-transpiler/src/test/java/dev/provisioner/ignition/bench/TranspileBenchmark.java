package dev.provisioner.ignition.bench;

import dev.provisioner.ignition.Transpiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Configs per second, in process, for the typical 100-line config of bench/typical-config.yaml. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TranspileBenchmark {

    private byte[] config;

    @Setup
    public void read() throws IOException {
        config = Files.readAllBytes(Path.of(System.getProperty("bench.config", "../bench/typical-config.yaml")));
    }

    @Benchmark
    public String typicalConfig() {
        return Transpiler.transpile(config, Transpiler.Options.defaults()).json().orElseThrow();
    }
}
