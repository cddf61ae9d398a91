import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Child processes for the cross-process tests, each bounded by a timeout. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PYTHON_CLIENT = fileURLToPath(new URL('./client.py', import.meta.url))

export interface ServeInfo {
  seed: number
  clock: { mode: string; start: number; speed: number }
  markets: string[]
  exchanges: Record<string, { name: string; rest: string; ws: string }>
}

export interface CliServer {
  child: ChildProcess
  info: ServeInfo
  stderr(): string
}

/**
 * Runs the CLI's source (`node --import tsx src/cli/run.ts serve … --json`) on the pinned
 * Node (vitest's own), and resolves with the endpoints it prints.
 */
export function serveCli(args: readonly string[], timeoutMs = 15_000): Promise<CliServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'serve', ...args, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the CLI printed no endpoints in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(error)
    }
    child.once('exit', (code) => fail(new Error(`the CLI exited (${code}) before serving; stderr: ${stderr}`)))
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
      const line = stdout.split('\n').find((l) => l.startsWith('{'))
      if (!line || !stdout.includes('\n')) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      resolve({ child, info: JSON.parse(line) as ServeInfo, stderr: () => stderr })
    })
  })
}

/** Resolves with how the process ended; SIGKILLs it and rejects after `timeoutMs`. */
export function exited(child: ChildProcess, timeoutMs = 5_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the process did not exit within ${timeoutMs} ms`))
    }, timeoutMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
}

export interface PythonResult {
  rest: Array<{ status: number; headers: Record<string, string>; body: string }>
  ws?: { frames: string[]; pings: number; closed: number | null }
}

/** Runs test/cross-process/client.py (standard library only) with a plan; see the script. */
export function runPython(plan: unknown, timeoutMs = 10_000): Promise<PythonResult> {
  return new Promise((resolve, reject) => {
    execFile('python3', [PYTHON_CLIENT, JSON.stringify(plan)], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`python3 client failed: ${error.message}\n${stderr}`))
      resolve(JSON.parse(stdout) as PythonResult)
    })
  })
}

/** Runs a command to completion with a timeout: { code, stdout, stderr }. */
export function run(command: string, args: readonly string[], timeoutMs = 10_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}
