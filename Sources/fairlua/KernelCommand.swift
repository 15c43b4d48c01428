import ArgumentParser
import FairLuaKernel
import LuaHost

/// `fairlua kernel -f CONNECTION_FILE`, `fairlua kernel install`, `fairlua kernel uninstall`.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run as a Jupyter kernel, or install its kernelspec.",
        discussion: """
        Jupyter starts `fairlua kernel -f CONNECTION_FILE` after `fairlua kernel install` (see README, "Notebooks").
        """,
        subcommands: [KernelStart.self, KernelInstall.self, KernelUninstall.self],
        defaultSubcommand: KernelStart.self)
}

/// Serves one notebook or console over the connection file's sockets.
struct KernelStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Serve Jupyter's messaging protocol 5.3 (the default).")

    @OptionGroup var options: GlobalOptions

    @Option(name: .customShort("f"), help: ArgumentHelp("The connection file Jupyter wrote.", valueName: "CONNECTION_FILE"))
    var connectionFile: String

    func run() throws {
        let session = try Session(options: options.host)
        if !options.quiet { Progress.enabled = true }     // bars are shown as updating displays (Kernel.showProgress)
        let kernel: Kernel
        do { kernel = try Kernel(connectionFile: connectionFile, state: session.state) } catch let error as KernelError {
            throw UsageFailure(message: error.description)
        }
        throw ExitCode(try kernel.run())
    }
}

/// Where a kernelspec goes, as `jupyter kernelspec install` spells it.
struct KernelSpecOptions: ParsableArguments {
    @Flag(help: "In the user's Jupyter data directory ($JUPYTER_DATA_DIR or ~/.local/share/jupyter).")
    var user = false

    @Option(help: ArgumentHelp("Under DIR/share/jupyter (a virtual environment's prefix).", valueName: "DIR"))
    var prefix: String?

    @Option(help: "The kernel's name (its directory).")
    var name = "fairlua"

    func spec() throws -> KernelSpec {
        if user && prefix != nil { throw ValidationError("--user and --prefix exclude each other") }
        do {
            return try KernelSpec(name: name, location: user ? .user : prefix.map { .prefix($0) } ?? .system)
        } catch let error as KernelError { throw ValidationError(error.description) }
    }
}

/// Writes kernel.json naming this binary.
struct KernelInstall: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install the kernelspec (default: /usr/local/share/jupyter).")

    @OptionGroup var location: KernelSpecOptions

    func run() throws {
        let spec = try location.spec()
        do { try spec.install(executable: KernelSpec.currentExecutable) } catch { throw ScriptFailure(message: String(describing: error)) }
        print("installed kernelspec \(spec.name) in \(spec.directory)")
    }
}

/// Removes the kernelspec.
struct KernelUninstall: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the kernelspec.")

    @OptionGroup var location: KernelSpecOptions

    func run() throws {
        let spec = try location.spec()
        let removed: Bool
        do { removed = try spec.uninstall() } catch { throw ScriptFailure(message: String(describing: error)) }
        guard removed else { throw ScriptFailure(message: "no kernelspec \(spec.name) in \(spec.directory)") }
        print("removed kernelspec \(spec.name) from \(spec.directory)")
    }
}
