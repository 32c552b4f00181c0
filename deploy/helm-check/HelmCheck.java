// Helm for the deploy checks, through helm-java (Helm's own Go code via JNA, from Maven Central).
// Run as a single source file (Java 17+): java -cp '.local/deploy/helm-check/libs/*' HelmCheck.java ...
//   lint <chart>                     helm lint --strict; exit 1 on failure
//   template <chart> <plan>          helm template for each line of <plan>:
//                                    out-file <TAB> release <TAB> namespace <TAB> values,files <TAB> key=value;key=value
//                                    writes the YAML to out-file, or Helm's error to out-file.error
//
// helm-java's template returns the release manifest without hooks (the Helm CLI prints both), so
// the chart is rendered from a temporary copy whose hook annotation key is disguised, and the key
// is restored in the output: the migration Jobs and their Secret are checked like everything else.
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

public class HelmCheck {
  static final String KUBE_VERSION = System.getenv().getOrDefault("HELM_KUBE_VERSION", "1.31.0");

  public static void main(String[] args) throws Exception {
    if (args.length < 2) usage();
    Path chart = Path.of(args[1]);
    switch (args[0]) {
      case "lint" -> System.exit(lint(chart) ? 0 : 1);
      case "template" -> System.exit(template(chart, Path.of(args[2])) ? 0 : 1);
      default -> usage();
    }
  }

  static boolean lint(Path chart) {
    LintResult result = new Helm(chart).lint().strict().call();
    result.getMessages().forEach(m -> System.out.println("  " + m));
    System.out.println((result.isFailed() ? "FAILED " : "ok ") + "helm lint --strict " + chart);
    return !result.isFailed();
  }

  static final String HOOK = "helm.sh/hook";
  static final String DISGUISED_HOOK = "helm-check.invalid/hook";

  static Path withHooksAsManifests(Path chart) throws Exception {
    Path copy = Files.createTempDirectory("helm-check-").resolve(chart.getFileName());
    try (Stream<Path> files = Files.walk(chart)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(chart.relativize(from).toString());
        if (Files.isDirectory(from)) Files.createDirectories(to);
        else if (from.toString().endsWith(".yaml") && from.getParent().endsWith("templates"))
          Files.writeString(to, Files.readString(from).replace(HOOK, DISGUISED_HOOK));
        else Files.copy(from, to);
      }
    }
    return copy;
  }

  static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
    }
  }

  static boolean template(Path original, Path plan) throws Exception {
    Path chart = withHooksAsManifests(original);
    try {
      return templateAll(chart, plan);
    } finally {
      deleteTree(chart.getParent());
    }
  }

  static boolean templateAll(Path chart, Path plan) throws Exception {
    List<String> lines = Files.readAllLines(plan);
    boolean ok = true;
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t", -1);
      Path out = Path.of(f[0]);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.deleteIfExists(out);
      Path error = Path.of(f[0] + ".error");
      Files.deleteIfExists(error);
      // helm-java assumes Kubernetes 1.20 without a cluster; render for a current one.
      TemplateCommand command = new Helm(chart).template().withName(f[1]).withNamespace(f[2]).withKubeVersion(KUBE_VERSION);
      if (f.length > 3) for (String values : f[3].split(",")) if (!values.isBlank()) command = command.withValuesFile(Path.of(values));
      if (f.length > 4) {
        for (String pair : f[4].split(";")) {
          if (pair.isBlank()) continue;
          int eq = pair.indexOf('=');
          String value = pair.substring(eq + 1);
          Object typed = value.equals("true") || value.equals("false") ? (Object) Boolean.valueOf(value)
              : value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value;
          command = command.set(pair.substring(0, eq), typed);
        }
      }
      try {
        Files.writeString(out, command.call().replace(DISGUISED_HOOK, HOOK));
        System.out.println("ok helm template -> " + out);
      } catch (RuntimeException e) {
        Files.writeString(error, String.valueOf(e.getMessage()));
        System.out.println("error helm template -> " + error + ": " + e.getMessage());
        ok = false;
      }
    }
    return ok;
  }

  static void usage() {
    System.err.println("usage: HelmCheck lint <chart> | template <chart> <plan>");
    System.exit(2);
  }
}
