# fish completion for cprof(1)

# True if no cprof command has been given yet.
function __cprof_needs_command
    set -l tokens (commandline -opc)
    for t in $tokens[2..-1]
        switch $t
            case '-*'
                continue
            case '*'
                return 1
        end
    end
    return 0
end

# True if the cprof command is one of the arguments (and, for record,
# no "--" has been given yet).
function __cprof_using_command
    set -l tokens (commandline -opc)
    set -l cmd
    for t in $tokens[2..-1]
        if test -z "$cmd"
            switch $t
                case '-*'
                    continue
                case '*'
                    set cmd $t
                    continue
            end
        end
        if test "$t" = --
            return 1
        end
    end
    contains -- "$cmd" $argv
end

# True after "cprof record ... --": the words from there on are a command.
function __cprof_after_dashdash
    set -l tokens (commandline -opc)
    set -l cmd
    for t in $tokens[2..-1]
        if test -z "$cmd"
            switch $t
                case '-*'
                    continue
                case '*'
                    set cmd $t
                    continue
            end
        end
        if test "$cmd" = record -a "$t" = --
            return 0
        end
    end
    return 1
end

# Complete the command being profiled (and its arguments).
function __cprof_complete_command
    set -l tokens (commandline -opc) (commandline -ct)
    set -l i (contains -i -- -- $tokens)
    complete -C (string join ' ' -- (string escape -- $tokens[(math $i + 1)..-1]))
end

function __cprof_data_files
    set -l cur (commandline -ct)
    set -l files $cur*.data
    for d in $cur*/
        set files $files $d
    end
    if test (count $files) -eq 0
        __fish_complete_path $cur
    else
        printf '%s\n' $files
    end
end

# Files matching any of the given patterns (and directories), or all files
# when none match.
function __cprof_files_matching
    # the value of --opt=VALUE (fish puts "--opt=" back itself)
    set -l cur (string replace -r -- '^--[^=]*=' '' (commandline -ct))
    set -l files
    for pat in $argv
        set -l ext (string replace -- '*' '' $pat)
        for f in $cur*$ext
            test -f $f; and set files $files $f
        end
    end
    for d in $cur*/
        set files $files $d
    end
    if test (count $files) -eq 0
        set files (__fish_complete_path $cur)
    end
    printf '%s\n' $files
end

# Recordings, pprof profiles and folded stacks.
function __cprof_input_files
    __cprof_files_matching '*.data' '*.data.old' '*.folded' '*.txt' '*.pb.gz' '*.pb' '*.pprof'
end

function __cprof_pprof_files
    __cprof_files_matching '*.pb.gz'
end

function __cprof_svg_files
    __cprof_files_matching '*.svg'
end

# Directories for a colon-separated list (--source-path).
function __cprof_dir_list
    set -l cur (string replace -r -- '^--[^=]*=' '' (commandline -ct))
    set -l prefix (string match -r -- '^.*:' $cur)
    set -l last (string replace -r -- '^.*:' '' $cur)
    for d in $last*/
        printf '%s%s\n' "$prefix" $d
    end
end

# Keys for report --by, a comma-separated list.
function __cprof_by_keys
    set -l cur (string replace -r -- '^--[^=]*=' '' (commandline -ct))
    set -l prefix (string match -r -- '^.*,' $cur)
    printf '%s%s\t%s\n' \
        "$prefix" function 'Function (the default)' \
        "$prefix" line 'Source file and line (file:line)' \
        "$prefix" file 'Source file' \
        "$prefix" dso 'Binary or library' \
        "$prefix" thread 'Thread (TID:NAME)' \
        "$prefix" pid 'Process (PID:process name)' \
        "$prefix" comm 'Thread name' \
        "$prefix" cgroup 'Control group (and container) of the process'
end

# The number of operands given to "cprof annotate" (FUNC, then INPUT).
function __cprof_annotate_nargs
    set -l tokens (commandline -opc)
    set -l seen_cmd 0
    set -l skip 0
    set -l n 0
    for t in $tokens[2..-1]
        if test $skip -eq 1
            set skip 0
            continue
        end
        if test $seen_cmd -eq 0
            switch $t
                case '-*'
                    continue
                case '*'
                    set seen_cmd 1
                    continue
            end
        end
        switch $t
            case -i --input --source-path --sample-index --context --focus --ignore --hide \
                --tid --pid --comm --time --from --to --max-depth
                set skip 1
            case -
                set n (math $n + 1)
            case '-*'
            case '*'
                set n (math $n + 1)
        end
    end
    echo $n
end

function __cprof_annotate_wants_input
    __cprof_using_command annotate; and test (__cprof_annotate_nargs) -ge 1
end

function __cprof_pids
    set -l prefix (string match -r '^.*,' -- (commandline -ct))
    for p in (string match -r '^/proc/\d+$' -- /proc/*)
        set -l comm (cat $p/comm 2>/dev/null)
        printf '%s%s\t%s\n' "$prefix" (string replace /proc/ '' -- $p) "$comm"
    end
end

# This machine's CPUs, for record -C (a comma-separated list)
function __cprof_cpus
    set -l prefix (string match -r '^.*[,-]' -- (string replace -r -- '^--[^=]*=' '' (commandline -ct)))
    for c in (string match -r '^/sys/devices/system/cpu/cpu\d+$' -- /sys/devices/system/cpu/cpu*)
        printf '%s%s\n' "$prefix" (string replace /sys/devices/system/cpu/cpu '' -- $c)
    end
end

function __cprof_tids
    set -l prefix (string match -r '^.*,' -- (commandline -ct))
    for t in (string match -r '^/proc/\d+/task/\d+$' -- /proc/*/task/*)
        set -l comm (cat $t/comm 2>/dev/null)
        printf '%s%s\t%s\n' "$prefix" (string replace -r '.*/' '' -- $t) "$comm"
    end
end

set -l __cprof_events cpu-clock task-clock page-faults cycles instructions cache-misses branch-misses
set -l __cprof_events $__cprof_events (string replace -r '$' ':u' -- $__cprof_events)

# --sample-index takes any type name or index; offer the common names.
set -l __cprof_sample_types 'samples\t"Number of samples (the default)"' 'cpu\t"CPU time (nanoseconds)"' 'alloc_space\t"Bytes allocated (Go heap)"' 'alloc_objects\t"Objects allocated (Go heap)"' 'inuse_space\t"Bytes in use (Go heap)"' 'inuse_objects\t"Objects in use (Go heap)"'

complete -c cprof -f

# Global options and commands
complete -c cprof -n __cprof_needs_command -s v -l verbose -d 'Print more detail'
complete -c cprof -n __cprof_needs_command -s q -l quiet -d 'Print less'
complete -c cprof -n __cprof_needs_command -l version -d 'Print the version'
complete -c cprof -n __cprof_needs_command -s h -l help -d 'Show usage'
complete -c cprof -n __cprof_needs_command -a record -d 'Sample call stacks and write a recording'
complete -c cprof -n __cprof_needs_command -a report -d 'Show the functions with the most samples'
complete -c cprof -n __cprof_needs_command -a annotate -d 'Show the source of a function with samples per line'
complete -c cprof -n __cprof_needs_command -a flamegraph -d 'Draw an interactive flamegraph (SVG)'
complete -c cprof -n __cprof_needs_command -a collapse -d 'Write folded stacks (for flamegraph.pl, inferno)'
complete -c cprof -n __cprof_needs_command -a pprof -d 'Write a pprof profile (gzipped protobuf)'
complete -c cprof -n __cprof_needs_command -a otlp -d 'Write an OpenTelemetry profile (OTLP protobuf)'
complete -c cprof -n __cprof_needs_command -a diff -d 'Compare two profiles function by function'
complete -c cprof -n __cprof_needs_command -a info -d 'Show the metadata and statistics of a recording'
complete -c cprof -n __cprof_needs_command -a help -d 'Show the usage of a command'

# help
complete -c cprof -n '__cprof_using_command help' -a 'record report annotate flamegraph collapse pprof otlp diff info help'

# record
complete -c cprof -n '__cprof_using_command record' -s F -l freq -x -d 'Sampling frequency in Hz (default 999)'
complete -c cprof -n '__cprof_using_command record' -s c -l count -x -d 'A sample every PERIOD events'
complete -c cprof -n '__cprof_using_command record' -s d -l duration -x -d 'Stop after DURATION (30s, 10m, 2h; 0 or inf: until stopped)'
complete -c cprof -n '__cprof_using_command record' -l duty -x -d 'Sample ON of every PERIOD (ON/PERIOD, e.g. 10s/60s)'
complete -c cprof -n '__cprof_using_command record' -l max-overhead -x -d 'Lower the frequency above PCT percent of one CPU'
complete -c cprof -n '__cprof_using_command record' -s o -l output -r -F -d 'Output file (default cprof.data)'
# an optional argument: only as --switch-output=VALUE (or a SIZE such as 100M, a TIME such as 30s)
complete -c cprof -n '__cprof_using_command record' -l switch-output -d 'Write rotating segments FILE.YYYYmmddHHMMSSmmm' \
    -a 'signal\t"A new segment at each SIGUSR2 (the default)"'
complete -c cprof -n '__cprof_using_command record' -l switch-max-files -x -d 'Keep only the newest N segments'
complete -c cprof -n '__cprof_using_command record' -l max-age -x -d 'Remove the segments older than DURATION (e.g. 7d)'
complete -c cprof -n '__cprof_using_command record' -l max-total-size -x -d 'Remove the oldest segments beyond SIZE in all (e.g. 2G)'
complete -c cprof -n '__cprof_using_command record' -s e -l event -x -d 'Event to sample' \
    -a "$__cprof_events"
complete -c cprof -n '__cprof_using_command record' -s g -l call-graph -x -d 'Call-graph mode' \
    -a 'fp\t"Frame-pointer call chains" dwarf\t"Copy user stack and unwind with CFI" auto\t"Default (dwarf)"'
complete -c cprof -n '__cprof_using_command record' -s p -l pid -x -d 'Attach to running processes' -a '(__cprof_pids)'
complete -c cprof -n '__cprof_using_command record' -s t -l tid -x -d 'Profile only these threads' -a '(__cprof_tids)'
complete -c cprof -n '__cprof_using_command record' -s a -l all-cpus -d 'Profile every process on every CPU (root or CAP_PERFMON)'
complete -c cprof -n '__cprof_using_command record' -s C -l cpu -x -d 'Profile every process on these CPUs only (0,2-3)' -a '(__cprof_cpus)'
complete -c cprof -n '__cprof_using_command record' -l no-inherit -d 'Do not follow children / threads created later'
complete -c cprof -n '__cprof_using_command record' -l strict -d 'Exit 1 if the recording is poor'
complete -c cprof -n '__cprof_using_command record' -s q -l quiet -d 'No live status line and no summary'
complete -c cprof -n '__cprof_using_command record' -s h -l help -d 'Show usage'
complete -c cprof -n __cprof_after_dashdash -x -a '(__cprof_complete_command)'

# report
complete -c cprof -n '__cprof_using_command report' -s i -l input -x -a '(__cprof_input_files)' -d 'Recording, pprof profile or folded stacks to read (default cprof.data; - = stdin)'
complete -c cprof -n '__cprof_using_command report' -s n -l top -x -d 'Number of rows to show (0 = all)'
complete -c cprof -n '__cprof_using_command report' -s s -l sort -x -a 'self\t"Self share (default)" cum\t"Cumulative share" comm\t"perf key: as --by comm" dso\t"perf key: as --by dso" sym\t"perf key: as --by function" pid\t"perf key: as --by pid" tid\t"perf key: as --by thread" srcline\t"perf key: as --by line" srcfile\t"perf key: as --by file"' -d 'Sort order, or perf\'s sort keys (as --by)'
complete -c cprof -n '__cprof_using_command report' -l children -d 'perf\'s habit: --sort cum'
complete -c cprof -n '__cprof_using_command report' -l no-children -d 'perf\'s habit: --sort self'
complete -c cprof -n '__cprof_using_command report' -l percent-limit -x -d 'Leave out the rows under this share, in %'
complete -c cprof -n '__cprof_using_command report' -l stdio -d 'Accepted (perf\'s habit): the output is text'
complete -c cprof -n '__cprof_using_command report' -s w -l width -x -d 'Output width in columns (0 = no limit)'
complete -c cprof -n '__cprof_using_command report' -l by -x -a '(__cprof_by_keys)' -d 'Group the samples by these keys (comma-separated)'
complete -c cprof -n '__cprof_using_command report' -l hotspots -d 'Functions over the threshold with their hottest lines'
complete -c cprof -n '__cprof_using_command report' -l threshold -x -d 'Threshold of --hotspots and --tree, in % (default 1)'
complete -c cprof -n '__cprof_using_command report' -l callers -x -d 'Who calls FUNC, with shares'
complete -c cprof -n '__cprof_using_command report' -l callees -x -d 'What FUNC calls, with shares'
complete -c cprof -n '__cprof_using_command report' -l tree -d 'The call tree, pruned below the threshold'
complete -c cprof -n '__cprof_using_command report' -l annotate -x -d 'FUNC\'s source with samples per line'
complete -c cprof -n '__cprof_using_command report' -l source-path -x -a '(__cprof_dir_list)' -d 'Directories to look for source files in (with --annotate)'
complete -c cprof -n '__cprof_using_command report' -l objdump -x -a '(__fish_complete_command)' -d 'The objdump that disassembles a function without source (with --annotate)'
complete -c cprof -n '__cprof_using_command report' -l no-disassembly -d 'With --annotate: addresses only, no objdump'
complete -c cprof -n '__cprof_using_command report' -l sample-index -x -a "$__cprof_sample_types" -d 'Which value of the samples to show'
complete -c cprof -n '__cprof_using_command report' -s h -l help -d 'Show usage'
complete -c cprof -n '__cprof_using_command report' -x -a '(__cprof_input_files)'

# annotate
complete -c cprof -n '__cprof_using_command annotate' -s i -l input -x -a '(__cprof_input_files)' -d 'Recording, pprof profile or folded stacks to read (default cprof.data; - = stdin)'
complete -c cprof -n '__cprof_using_command annotate' -l source-path -x -a '(__cprof_dir_list)' -d 'Directories to look for source files in (colon-separated)'
complete -c cprof -n '__cprof_using_command annotate' -l context -x -d 'Lines shown after the last line with samples (default 3)'
complete -c cprof -n '__cprof_using_command annotate' -l objdump -x -a '(__fish_complete_command)' -d 'The objdump that disassembles a function without source'
complete -c cprof -n '__cprof_using_command annotate' -l no-disassembly -d 'Without source, addresses only: do not run objdump'
complete -c cprof -n '__cprof_using_command annotate' -l sample-index -x -a "$__cprof_sample_types" -d 'Which value of the samples to show'
complete -c cprof -n '__cprof_using_command annotate' -s h -l help -d 'Show usage'
# FUNC (a function name or a regular expression) is not completed; INPUT is.
complete -c cprof -n __cprof_annotate_wants_input -x -a '(__cprof_input_files)'

# flamegraph
complete -c cprof -n '__cprof_using_command flamegraph' -s i -l input -x -a '(__cprof_input_files)' -d 'Recording, pprof profile or folded stacks to read (default cprof.data; - = stdin)'
complete -c cprof -n '__cprof_using_command flamegraph' -s o -l output -x -a '(__cprof_svg_files)' -d 'SVG file to write (default standard output)'
complete -c cprof -n '__cprof_using_command flamegraph' -l title -x -d 'Title (default "Flame Graph")'
complete -c cprof -n '__cprof_using_command flamegraph' -l subtitle -x -d 'Second title line'
complete -c cprof -n '__cprof_using_command flamegraph' -l width -x -d 'Image width in pixels (default 1200)'
complete -c cprof -n '__cprof_using_command flamegraph' -l height -x -d 'Frame height in pixels (default 16)'
complete -c cprof -n '__cprof_using_command flamegraph' -l minwidth -x -d 'Leave out frames narrower than N pixels or N% (default 0.1)'
complete -c cprof -n '__cprof_using_command flamegraph' -l colors -x -d 'Palette' \
    -a 'native\t"By kind of frame: user, library, kernel, inlined (default)" hot\t"Reds, oranges and yellows" mem\t"Greens and blues" io\t"Blues" red\t"Shades of red" green\t"Shades of green" blue\t"Shades of blue" aqua\t"Shades of aqua" yellow\t"Shades of yellow" purple\t"Shades of purple" orange\t"Shades of orange" rust\t"By crate: std/core/alloc, other crates, non-Rust"'
complete -c cprof -n '__cprof_using_command flamegraph' -l hash -d 'Colour by name: the same function, the same colour'
complete -c cprof -n '__cprof_using_command flamegraph' -l reverse -d 'Reverse the stacks (merge from the leaves)'
complete -c cprof -n '__cprof_using_command flamegraph' -l inverted -d 'Icicle graph: the root at the top'
complete -c cprof -n '__cprof_using_command flamegraph' -l flamechart -d 'X is time, stacks in time order'
complete -c cprof -n '__cprof_using_command flamegraph' -l countname -x -d 'What the counts are (default "samples")'
complete -c cprof -n '__cprof_using_command flamegraph' -l fontsize -x -d 'Font size (default 12)'
complete -c cprof -n '__cprof_using_command flamegraph' -l fonttype -x -a 'monospace sans-serif serif' -d 'Font family (default monospace)'
complete -c cprof -n '__cprof_using_command flamegraph' -l sample-index -x -a "$__cprof_sample_types" -d 'Which value of the samples to draw'
complete -c cprof -n '__cprof_using_command flamegraph' -s h -l help -d 'Show usage'
complete -c cprof -n '__cprof_using_command flamegraph' -x -a '(__cprof_input_files)'

# collapse
complete -c cprof -n '__cprof_using_command collapse' -s i -l input -x -a '(__cprof_input_files)' -d 'Recording, pprof profile or folded stacks to read (default cprof.data; - = stdin)'
complete -c cprof -n '__cprof_using_command collapse' -s o -l output -r -F -d 'Output file (default standard output)'
complete -c cprof -n '__cprof_using_command collapse' -l no-annotate -d 'No _[k] (kernel) and _[i] (inlined) suffixes'
complete -c cprof -n '__cprof_using_command collapse' -l sample-index -x -a "$__cprof_sample_types" -d 'Which value of the samples to count'
complete -c cprof -n '__cprof_using_command collapse' -s h -l help -d 'Show usage'
complete -c cprof -n '__cprof_using_command collapse' -x -a '(__cprof_input_files)'

# pprof
complete -c cprof -n '__cprof_using_command pprof' -s i -l input -x -a '(__cprof_input_files)' -d 'Recording, pprof profile or folded stacks to read (default cprof.data; - = stdin)'
complete -c cprof -n '__cprof_using_command pprof' -s o -l output -x -a '(__cprof_pprof_files)' -d 'Profile to write, e.g. cpu.pb.gz (default standard output, not a terminal)'
complete -c cprof -n '__cprof_using_command pprof' -s h -l help -d 'Show usage'
complete -c cprof -n '__cprof_using_command pprof' -x -a '(__cprof_input_files)'

# otlp
complete -c cprof -n '__cprof_using_command otlp' -s i -l input -x -a '(__cprof_input_files)' -d 'Recording, pprof profile or folded stacks to read (default cprof.data; - = stdin)'
complete -c cprof -n '__cprof_using_command otlp' -s o -l output -r -d 'OTLP request to write, e.g. req.binpb (default standard output, not a terminal)'
complete -c cprof -n '__cprof_using_command otlp' -l service-name -x -d 'The resource service.name (default $OTEL_SERVICE_NAME)'
complete -c cprof -n '__cprof_using_command otlp' -s h -l help -d 'Show usage'
complete -c cprof -n '__cprof_using_command otlp' -x -a '(__cprof_input_files)'

# diff
complete -c cprof -n '__cprof_using_command diff' -s n -l top -x -d 'Number of changes to show (default 20; 0 = all)'
complete -c cprof -n '__cprof_using_command diff' -l no-normalize -d 'Compare raw values, not shares of each total'
complete -c cprof -n '__cprof_using_command diff' -l flamegraph -x -a '(__cprof_svg_files)' -d 'Also write a differential flamegraph (SVG)'
complete -c cprof -n '__cprof_using_command diff' -l fail-on-regression -x -d 'Exit 1 when a self share grew by more than PCT points'
complete -c cprof -n '__cprof_using_command diff' -l sample-index -x -a "$__cprof_sample_types" -d 'Which value of the samples to compare'
complete -c cprof -n '__cprof_using_command diff' -s h -l help -d 'Show usage'
complete -c cprof -n '__cprof_using_command diff' -x -a '(__cprof_input_files)'

# info
complete -c cprof -n '__cprof_using_command info' -s i -l input -x -a '(__cprof_data_files)' -d 'Recording to read (default cprof.data)'
complete -c cprof -n '__cprof_using_command info' -s h -l help -d 'Show usage'
complete -c cprof -n '__cprof_using_command info' -x -a '(__cprof_data_files)'

# --format and --json (report, diff, info)
for cmd in report diff info
    complete -c cprof -n "__cprof_using_command $cmd" -l format -x -a 'text\t"Plain text (the default)" json\t"JSON, see cprof-json(5)"' -d 'Output format'
    complete -c cprof -n "__cprof_using_command $cmd" -l json -d 'JSON output (same as --format json)'
end

# The filter options of the commands that read profiles
for cmd in report annotate flamegraph collapse pprof otlp diff
    set -l c "__cprof_using_command $cmd"
    complete -c cprof -n $c -l focus -x -d 'Keep only samples with a frame that matches REGEX'
    complete -c cprof -n $c -l ignore -x -d 'Drop samples with a frame that matches REGEX'
    complete -c cprof -n $c -l hide -x -d 'Remove frames that match REGEX from the stacks'
    complete -c cprof -n $c -l tid -x -d 'Keep only samples of these threads (TID,...)'
    complete -c cprof -n $c -l pid -x -d 'Keep only samples of these processes (PID,...)'
    complete -c cprof -n $c -l comm -x -d 'Keep only samples of threads with these names (NAME,...)'
    complete -c cprof -n $c -l time -x -d 'Keep samples taken START-END seconds after the start'
    complete -c cprof -n $c -l from -x -d 'Keep samples taken from SECONDS after the start'
    complete -c cprof -n $c -l to -x -d 'Keep samples taken until SECONDS after the start'
    complete -c cprof -n $c -l max-depth -x -d 'Keep only the N outermost frames of each stack'
    complete -c cprof -n $c -l no-inline -d 'Fold inlined functions into their callers'
end
