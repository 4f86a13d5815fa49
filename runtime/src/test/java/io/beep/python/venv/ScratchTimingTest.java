package io.beep.python.venv;

import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.PythonRuntimeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.*;

class ScratchTimingTest {
    @TempDir Path temp;
    @Test
    void phases() throws Exception {
        ProcessRunner runner = new ProcessRunner();
        PythonRuntimeInfo info = BaseInterpreters.pyenv("3.13.0", temp.resolve("home"), runner);
        new VirtualEnvironments(runner, temp.resolve("home")).create(info, temp.resolve("warm"));
        for (int round = 0; round < 12; round++) {
            long t0 = System.nanoTime();
            BaseInterpreter base = BaseInterpreter.recognize(info, Platform.LINUX);
            long t1 = System.nanoTime();
            var ex = Executables.plan(base);
            var tpl = ActivationScripts.load(base.stdlib(), Platform.LINUX);
            long t2 = System.nanoTime();
            var wheels = BundledWheels.find(base.stdlib());
            long t3 = System.nanoTime();
            SeedCache cache = new SeedCache(temp.resolve("home/cache/seed"), temp.resolve("home/locks"), runner);
            var img = cache.image(wheels.get(0), base);
            long t4 = System.nanoTime();
            Path dir = temp.resolve("r" + round);
            Files.createDirectory(dir);
            NativeVenvWriter.write(new NativeVenvWriter.Plan(base, ex, tpl, java.util.List.of()), dir, dir);
            long t5 = System.nanoTime();
            VenvLayout layout = VenvLayout.of(Platform.LINUX, dir, "3.13", true);
            SeedInstaller.install(img, layout, dir, "python3", true);
            long t6 = System.nanoTime();
            System.out.printf("recognize %.2f templates %.2f wheels %.2f manifest %.2f skeleton %.2f seed %.2f total %.2f%n",
                (t1-t0)/1e6, (t2-t1)/1e6, (t3-t2)/1e6, (t4-t3)/1e6, (t5-t4)/1e6, (t6-t5)/1e6, (t6-t0)/1e6);
        }
    }
}
