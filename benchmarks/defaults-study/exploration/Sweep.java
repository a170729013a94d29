import io.flowmatch.core.*;
import io.flowmatch.datasets.*;
import io.flowmatch.solvers.*;
import java.nio.file.*;
import java.util.*;
import org.nd4j.linalg.api.ndarray.INDArray;
public class Sweep {
  static void write(INDArray x, Path p) throws Exception {
    Files.createDirectories(p.getParent());
    StringBuilder sb = new StringBuilder("x0,x1\n");
    for (float[] row : x.toFloatMatrix()) sb.append(row[0]).append(',').append(row[1]).append('\n');
    Files.writeString(p, sb);
  }
  // args: DIR DATASETS SEEDS name|k=v;k=v ...
  public static void main(String[] a) throws Exception {
    NativeThreads.limit(1);
    Path dir = Path.of(a[0]);
    for (int c = 3; c < a.length; c++) {
      String[] nv = a[c].split("\\|", 2);
      Map<String, String> map = new LinkedHashMap<>(Recipes.toyExperiments().toMap());
      if (nv.length > 1) for (String kv : nv[1].split(";")) { String[] p = kv.split("=", 2); map.put(p[0], p[1]); }
      Recipe r = Recipe.fromMap(map);
      for (String ds : a[1].split(",")) for (String s : a[2].split(",")) {
        long seed = Long.parseLong(s);
        long t0 = System.nanoTime();
        FlowModel m = FlowMatcher.builder().recipe(r).data(Datasets.parse(ds)).iterations(5000).seed(seed).logEvery(Long.MAX_VALUE).train();
        write(m.sample(4000), dir.resolve("samples").resolve(nv[0]).resolve(ds + "-s" + seed + ".csv"));
        System.out.printf("%s %s %d %.1fs%n", nv[0], ds, seed, (System.nanoTime() - t0) / 1e9);
      }
    }
  }
}
