package io.scrapebatch.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Runs an Argo CD health script the way Argo CD's Lua VM does (argo-cd util/lua/lua.go, {@code
 * ExecuteHealthLua}): the live object as the global {@code obj} (JSON maps and arrays as tables,
 * every number a float), the script's returned table read as {@code {status, message}}, a status
 * outside Argo CD's health codes turned into Unknown, one second at most.
 *
 * <p>A health check configured in {@code argocd-cm} runs without {@code useOpenLibs}: only the
 * package, base and table libraries. That is the default here; {@code openLibs} adds string and
 * math as Argo CD does for built-in checks.
 */
final class ArgoCdLua {
  /** Argo CD's health status codes (gitops-engine pkg/health). */
  static final Set<String> HEALTH_CODES =
      Set.of("Unknown", "Progressing", "Suspended", "Healthy", "Degraded", "Missing");

  record HealthStatus(String status, String message) {}

  private final String script;
  private final boolean openLibs;

  ArgoCdLua(String script, boolean openLibs) {
    this.script = script;
    this.openLibs = openLibs;
  }

  /** The health the script reports for {@code obj}; empty when it returns nil. */
  Optional<HealthStatus> health(Map<String, Object> obj) {
    var executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "lua");
              t.setDaemon(true);
              return t;
            });
    try {
      return executor.submit(() -> run(obj)).get(1, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the health script ran longer than Argo CD's 1 s limit", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the health script failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      executor.shutdownNow();
    }
  }

  private Optional<HealthStatus> run(Map<String, Object> obj) {
    // luaj keeps the string metatable in a static field: without the string library, no string
    // methods either, whatever another test loaded before.
    LuaValue stringMeta = LuaString.s_metatable;
    try {
      LuaString.s_metatable = null;
      Globals globals = new Globals();
      globals.load(new JseBaseLib());
      globals.load(new PackageLib());
      globals.load(new TableLib());
      if (openLibs) {
        globals.load(new StringLib());
        globals.load(new JseMathLib());
      }
      LoadState.install(globals);
      LuaC.install(globals);
      globals.set("obj", toLua(obj));
      LuaValue returned = globals.load(script, "health.lua").call();
      if (returned.isnil()) {
        return Optional.empty();
      }
      if (!returned.istable()) {
        throw new IllegalStateException(
            "expect table output from Lua script, not " + returned.typename());
      }
      String status = string(returned.get("status"), "status");
      String message = string(returned.get("message"), "message");
      if (!HEALTH_CODES.contains(status)) {
        return Optional.of(new HealthStatus("Unknown", "Lua returned an invalid health status"));
      }
      return Optional.of(new HealthStatus(status, message));
    } finally {
      LuaString.s_metatable = stringMeta;
    }
  }

  private static String string(LuaValue value, String field) {
    if (value.isnil()) {
      return "";
    }
    if (value.type() != LuaValue.TSTRING) {
      throw new IllegalStateException(field + " must be a string, not " + value.typename());
    }
    return value.tojstring();
  }

  /** JSON-like Java values to Lua the way Argo CD's decodeValue does. */
  static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    if (value instanceof String s) {
      return LuaValue.valueOf(s);
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      int i = 1;
      for (Object item : list) {
        table.set(i++, toLua(item));
      }
      return table;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    }
    // YAML timestamps and the like arrive as strings in Argo CD's JSON objects.
    return LuaValue.valueOf(value.toString());
  }
}
