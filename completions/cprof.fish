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

function __cprof_pids
    set -l prefix (string match -r '^.*,' -- (commandline -ct))
    for p in (string match -r '^/proc/\d+$' -- /proc/*)
        set -l comm (cat $p/comm 2>/dev/null)
        printf '%s%s\t%s\n' "$prefix" (string replace /proc/ '' -- $p) "$comm"
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

complete -c cprof -f

# Global options and commands
complete -c cprof -n __cprof_needs_command -s v -l verbose -d 'Print more detail'
complete -c cprof -n __cprof_needs_command -s q -l quiet -d 'Print less'
complete -c cprof -n __cprof_needs_command -l version -d 'Print the version'
complete -c cprof -n __cprof_needs_command -s h -l help -d 'Show usage'
complete -c cprof -n __cprof_needs_command -a record -d 'Sample call stacks and write a recording'
complete -c cprof -n __cprof_needs_command -a report -d 'Show the functions with the most samples'
complete -c cprof -n __cprof_needs_command -a info -d 'Show the metadata and statistics of a recording'
complete -c cprof -n __cprof_needs_command -a help -d 'Show the usage of a command'

# help
complete -c cprof -n '__cprof_using_command help' -a 'record report info help'

# record
complete -c cprof -n '__cprof_using_command record' -s F -l freq -x -d 'Sampling frequency in Hz (default 999)'
complete -c cprof -n '__cprof_using_command record' -s d -l duration -x -d 'Stop after SECONDS'
complete -c cprof -n '__cprof_using_command record' -s o -l output -r -F -d 'Output file (default cprof.data)'
complete -c cprof -n '__cprof_using_command record' -s e -l event -x -d 'Event to sample' \
    -a "$__cprof_events"
complete -c cprof -n '__cprof_using_command record' -s g -l call-graph -x -d 'Call-graph mode' \
    -a 'fp\t"Frame-pointer call chains" dwarf\t"Copy user stack and unwind with CFI" auto\t"Default (dwarf)"'
complete -c cprof -n '__cprof_using_command record' -s p -l pid -x -d 'Attach to running processes' -a '(__cprof_pids)'
complete -c cprof -n '__cprof_using_command record' -s t -l tid -x -d 'Profile only these threads' -a '(__cprof_tids)'
complete -c cprof -n '__cprof_using_command record' -l no-inherit -d 'Do not follow children / threads created later'
complete -c cprof -n '__cprof_using_command record' -l strict -d 'Exit 1 if the recording is poor'
complete -c cprof -n '__cprof_using_command record' -s q -l quiet -d 'No live status line and no summary'
complete -c cprof -n '__cprof_using_command record' -s h -l help -d 'Show usage'
complete -c cprof -n __cprof_after_dashdash -x -a '(__cprof_complete_command)'

# report
complete -c cprof -n '__cprof_using_command report' -s i -x -a '(__cprof_data_files)' -d 'Recording to read (default cprof.data)'
complete -c cprof -n '__cprof_using_command report' -s n -l top -x -d 'Number of functions to show (0 = all)'
complete -c cprof -n '__cprof_using_command report' -s s -l sort -x -a 'self\t"Self share (default)" cum\t"Cumulative share"' -d 'Sort order'
complete -c cprof -n '__cprof_using_command report' -s w -l width -x -d 'Output width in columns (0 = no limit)'
complete -c cprof -n '__cprof_using_command report' -s h -l help -d 'Show usage'

# info
complete -c cprof -n '__cprof_using_command info' -s i -x -a '(__cprof_data_files)' -d 'Recording to read (default cprof.data)'
complete -c cprof -n '__cprof_using_command info' -s h -l help -d 'Show usage'
complete -c cprof -n '__cprof_using_command info' -x -a '(__cprof_data_files)'
