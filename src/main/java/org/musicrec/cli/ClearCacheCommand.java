package org.musicrec.cli;

import org.musicrec.pipeline.Workspace;

import org.musicrec.cache.CacheCleaner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "clear-cache", mixinStandardHelpOptions = true,
        header = "Delete the chunk cache files musicrec made.",
        description = "Delete the chunk cache files musicrec created (nothing else in the folder).")
final class ClearCacheCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        var cacheDir = Workspace.resolve(common.load().paths().cacheDir());
        CacheCleaner.Report preview = CacheCleaner.preview(cacheDir);
        if (preview.files() == 0) {
            System.out.println("Nothing to delete in " + cacheDir);
            return 0;
        }
        if (!yes) {
            System.out.print("Delete " + preview.format() + " in " + cacheDir + "? [y/N] ");
            System.out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                throw new UserAbort("not deleted (answer 'y' or pass --yes)", 1);
            }
        }
        System.out.println("Deleted " + CacheCleaner.clear(cacheDir).format());
        return 0;
    }
}
