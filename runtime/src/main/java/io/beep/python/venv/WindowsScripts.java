package io.beep.python.venv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Console scripts as pip writes them on Windows ({@code Scripts\pip.exe}): distlib's console
 * launcher, then a {@code #!} line naming the venv's python, then a zip whose {@code __main__.py}
 * is the script. The launcher ships inside the seeded pip ({@code pip/_vendor/distlib/t64.exe} and
 * friends), chosen by the base interpreter's machine type as distlib chooses it by pointer size.
 */
final class WindowsScripts {

    private WindowsScripts() {
    }

    /** The console launcher for {@code pythonExe}'s architecture inside {@code seedRoot}, if the seed ships one. */
    static Optional<Path> launcher(Path seedRoot, Path pythonExe) {
        String name = switch (machine(pythonExe)) {
            case 0xAA64 -> "t64-arm.exe";
            case 0x014C -> "t32.exe";
            default -> "t64.exe";
        };
        Path launcher = seedRoot.resolve("pip/_vendor/distlib").resolve(name);
        return Files.isRegularFile(launcher) ? Optional.of(launcher) : Optional.empty();
    }

    /** The COFF machine field of a PE executable (0x8664 x64, 0xAA64 ARM64, 0x14C x86); 0 when unreadable. */
    static int machine(Path exe) {
        try (InputStream in = Files.newInputStream(exe)) {
            byte[] head = in.readNBytes(4096);
            if (head.length < 0x40 || head[0] != 'M' || head[1] != 'Z') {
                return 0;
            }
            int pe = u16(head, 0x3C) | (u16(head, 0x3E) << 16);
            if (pe < 0 || pe + 6 > head.length || head[pe] != 'P' || head[pe + 1] != 'E') {
                return 0;
            }
            return u16(head, pe + 4);
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code launcher + "#!<python>\r\n" + zip(__main__.py = script)}, as distlib's ScriptMaker writes it on Windows. */
    static byte[] exe(byte[] launcher, String pythonExe, String scriptBody) throws IOException {
        String quoted = pythonExe.contains(" ") && !pythonExe.startsWith("\"") ? "\"" + pythonExe + "\"" : pythonExe;
        ByteArrayOutputStream out = new ByteArrayOutputStream(launcher.length + 1024);
        out.write(launcher);
        out.write(("#!" + quoted + "\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] script = scriptBody.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            // Python's ZipFile writes entries stored (uncompressed) unless told otherwise.
            ZipEntry entry = new ZipEntry("__main__.py");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(script.length);
            entry.setCompressedSize(script.length);
            CRC32 crc = new CRC32();
            crc.update(script);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(script);
            zip.closeEntry();
        }
        out.write(zipBytes.toByteArray());
        return out.toByteArray();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
    }
}
