# SPDX-License-Identifier: Apache-2.0
# Runs a command in a pseudo-terminal of a fixed size, as a user's terminal would:
#   pty-run.py COLUMNS INTERRUPT_AFTER_SECONDS COMMAND...
# Sends SIGINT (Ctrl-C) after that many seconds (never when negative), copies everything the command
# wrote to the terminal to standard output and exits with its exit code (128 + signal if killed).
import fcntl, os, pty, select, signal, struct, sys, termios, time

columns, interrupt_after, command = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    os.environ.pop("COLUMNS", None)
    os.execvp(command[0], command)
started, interrupted, output = time.monotonic(), False, bytearray()
while True:
    elapsed = time.monotonic() - started
    if 0 <= interrupt_after <= elapsed and not interrupted:
        os.kill(pid, signal.SIGINT)
        interrupted = True
    if elapsed > 120:
        os.kill(pid, signal.SIGKILL)
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        output += data
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(output)
sys.exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
