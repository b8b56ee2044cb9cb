# bash completion for cprof(1)                               -*- shell-script -*-
#
# Install as /usr/share/bash-completion/completions/cprof, or source it.

_cprof_events='cpu-clock task-clock page-faults cycles instructions cache-misses branch-misses'

# Common sample types for --sample-index (any name or index is accepted).
_cprof_sample_types='samples cpu alloc_space alloc_objects inuse_space inuse_objects'

# The keys of report --by.
_cprof_by_keys='function line file dso thread pid comm cgroup'
# perf report's sort keys, which report --sort takes as --by keys.
_cprof_perf_sort_keys='comm dso sym pid tid srcline srcfile'

# The filter options of report, annotate, flamegraph, collapse, pprof and diff
# (all take an argument).
_cprof_filter_opts='--focus --ignore --hide --tid --pid --comm --time --from --to
    --max-depth'
# ... and the one that takes none
_cprof_filter_flags='--no-inline'

# Complete file names; with patterns, prefer files matching any of them (and
# directories), falling back to all files when nothing matches.
_cprof_files()
{
    local cur=$1 pat IFS=$'\n'
    local -a files=()
    shift
    if (($# > 0)); then
        for pat; do
            files+=($(compgen -f -X "!$pat" -- "$cur"))
        done
        files+=($(compgen -d -- "$cur"))
    fi
    if ((${#files[@]} == 0)); then
        files=($(compgen -f -- "$cur"))
    fi
    COMPREPLY=("${files[@]}")
    compopt -o filenames 2>/dev/null
}

# Complete an input file: a recording, a pprof profile or folded stacks.
_cprof_input_files()
{
    _cprof_files "$1" '*.data' '*.data.old' '*.folded' '*.txt' '*.pb.gz' \
        '*.pb' '*.pprof'
}

# Complete a comma-separated list of words (pids, tids, keys).
_cprof_idlist()
{
    local cur=$1 ids=$2
    local prefix= last=$cur
    if [[ $cur == *,* ]]; then
        prefix=${cur%,*},
        last=${cur##*,}
    fi
    local IFS=$' \t\n'
    COMPREPLY=($(compgen -P "$prefix" -W "$ids" -- "$last"))
    compopt -o nospace 2>/dev/null
}

# Complete a colon-separated list of directories.
_cprof_dirlist()
{
    local cur=$1 colon_split=$2 prefix= d IFS=$'\n'
    local last=${cur##*:}
    # When ':' is in COMP_WORDBREAKS, bash replaces only the part after it.
    [[ $cur == *:* ]] && ((!colon_split)) && prefix=${cur%:*}:
    COMPREPLY=()
    for d in $(compgen -d -- "$last"); do
        COMPREPLY+=("$prefix$d/")
    done
    compopt -o nospace 2>/dev/null
}

# Is WORD one of the filter options? (They all take an argument.)
_cprof_is_filter_opt()
{
    local o
    for o in $_cprof_filter_opts; do
        [[ $1 == "$o" ]] && return 0
    done
    return 1
}

_cprof_pids()
{
    local p pids=
    if [[ -d /proc ]]; then
        for p in /proc/[0-9]*; do
            pids+=" ${p#/proc/}"
        done
    else
        pids=$(ps -A -o pid= 2>/dev/null)
    fi
    printf '%s\n' $pids
}

# The CPUs of this machine, for record -C.
_cprof_cpus()
{
    local c cpus=
    for c in /sys/devices/system/cpu/cpu[0-9]*; do
        [[ -e $c ]] && cpus+=" ${c##*/cpu}"
    done
    printf '%s\n' $cpus
}

_cprof_tids()
{
    local t tids=
    for t in /proc/[0-9]*/task/[0-9]*; do
        [[ -e $t ]] && tids+=" ${t##*/}"
    done
    printf '%s\n' $tids
}

_cprof()
{
    local cur prev
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

    # Rejoin "name:u" split at ':' by COMP_WORDBREAKS.
    local colon_split=0
    if [[ $cur == : || $prev == : ]] && ((COMP_CWORD >= 2)); then
        local before=${COMP_WORDS[COMP_CWORD - 2]}
        if [[ $cur == : ]]; then
            cur=$prev:
            prev=$before
        else
            cur=${COMP_WORDS[COMP_CWORD - 2]}:$cur
            prev=${COMP_WORDS[COMP_CWORD - 3]}
        fi
        colon_split=1
    fi

    local commands='record report annotate flamegraph collapse pprof otlp diff info
        help'
    local global_opts='-v --verbose -q --quiet --version -h --help'

    # Find the command word.
    local i cmd= cmd_idx=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; cmd_idx=$i; break ;;
        esac
    done

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global_opts" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return 0
    fi

    # In record, everything after "--" is the command to profile.
    if [[ $cmd == record ]]; then
        for ((i = cmd_idx + 1; i < COMP_CWORD; i++)); do
            if [[ ${COMP_WORDS[i]} == -- ]]; then
                if ((i + 1 == COMP_CWORD)); then
                    COMPREPLY=($(compgen -c -- "$cur"))
                elif declare -F _command_offset >/dev/null; then
                    _command_offset $((i + 1))
                else
                    _cprof_files "$cur"
                fi
                return 0
            fi
        done
    fi

    # --opt=value ('=' is normally in COMP_WORDBREAKS, so it is split off);
    # opt_eq: the value is in the option's word, as an optional one must be
    local opt=$prev opt_eq=0
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        cur=${cur#*=}
        opt_eq=1
    elif [[ $cur == = && $prev == --* ]]; then
        cur=
        opt_eq=1
    elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
        opt_eq=1
    fi

    # The values of the filter options (regular expressions, ids, names,
    # times, depths) cannot be completed; --format is the same everywhere.
    case $cmd in
        report | annotate | flamegraph | collapse | pprof | otlp | diff)
            if _cprof_is_filter_opt "$opt"; then
                return 0
            fi
            ;;
    esac
    case $cmd in
        report | diff | info)
            if [[ $opt == --format ]]; then
                COMPREPLY=($(compgen -W 'text json' -- "$cur"))
                return 0
            fi
            ;;
    esac

    case $cmd in
        record)
            case $opt in
                -o | --output)
                    _cprof_files "$cur"
                    return 0 ;;
                -e | --event)
                    local ev ws=
                    for ev in $_cprof_events; do ws+=" $ev $ev:u"; done
                    COMPREPLY=($(compgen -W "$ws" -- "$cur"))
                    if [[ $cur == *:* ]]; then
                        # Strip the part before ':' that bash already has.
                        local pre=${cur%"${cur##*:}"}
                        COMPREPLY=("${COMPREPLY[@]#"$pre"}")
                    fi
                    return 0 ;;
                -g | --call-graph)
                    COMPREPLY=($(compgen -W 'fp dwarf auto' -- "$cur"))
                    return 0 ;;
                -p | --pid)
                    _cprof_idlist "$cur" "$(_cprof_pids)"
                    return 0 ;;
                -t | --tid)
                    _cprof_idlist "$cur" "$(_cprof_tids)"
                    return 0 ;;
                -C | --cpu)
                    _cprof_idlist "$cur" "$(_cprof_cpus)"
                    return 0 ;;
                --switch-output)
                    # optional: only --switch-output=VALUE is its value
                    if ((opt_eq)); then
                        # signal, or a size (100M) or a time (30s): not completed
                        COMPREPLY=($(compgen -W 'signal' -- "$cur"))
                        return 0
                    fi ;;
                -F | --freq | -c | --count | -d | --duration | --duty | \
                    --max-overhead | --switch-max-files | --max-age | --max-total-size)
                    return 0 ;;
            esac
            ((colon_split)) && return 0
            COMPREPLY=($(compgen -W '-F --freq -c --count -d --duration -o --output
                -e --event -g --call-graph -p --pid -t --tid -a --all-cpus -C --cpu
                --no-inherit --switch-output --switch-max-files --max-age
                --max-total-size --duty --max-overhead --strict -q --quiet -h --help
                --' -- "$cur"))
            ;;
        report)
            case $opt in
                -i | --input)
                    _cprof_input_files "$cur"
                    return 0 ;;
                -s | --sort)
                    if [[ $cur == *,* ]]; then
                        _cprof_idlist "$cur" "$_cprof_perf_sort_keys"
                    else
                        COMPREPLY=($(compgen -W "self cum $_cprof_perf_sort_keys" -- "$cur"))
                    fi
                    return 0 ;;
                --sample-index)
                    COMPREPLY=($(compgen -W "$_cprof_sample_types" -- "$cur"))
                    return 0 ;;
                --by)
                    _cprof_idlist "$cur" "$_cprof_by_keys"
                    return 0 ;;
                -n | --top | -w | --width | --threshold | --percent-limit | \
                    --annotate | --callers | --callees)
                    return 0 ;;
            esac
            if [[ $cur != -* ]]; then
                _cprof_input_files "$cur"
                return 0
            fi
            COMPREPLY=($(compgen -W '-i --input -n --top -s --sort -w --width
                --by --percent-limit --children --no-children --stdio
                --hotspots --threshold --annotate --source-path --objdump --no-disassembly --callers --callees
                --tree --sample-index --format --json $_cprof_filter_opts $_cprof_filter_flags
                -h --help' -- "$cur"))
            ;;
        annotate)
            # "--source-path a:b:c" is split at each ':' (COMP_WORDBREAKS):
            # find the option before the whole run.
            if ((colon_split)) && [[ $opt != --source-path ]]; then
                local k=$COMP_CWORD
                [[ ${COMP_WORDS[k]} == : ]] && ((k--))
                while ((k >= 2)) && [[ ${COMP_WORDS[k - 1]} == : ]]; do
                    ((k -= 2))
                done
                [[ ${COMP_WORDS[k - 1]} == = ]] && ((k--))
                if [[ ${COMP_WORDS[k - 1]} == --source-path ]]; then
                    _cprof_dirlist "$cur" 1
                    return 0
                fi
            fi
            case $opt in
                -i | --input)
                    _cprof_input_files "$cur"
                    return 0 ;;
                --source-path)
                    _cprof_dirlist "$cur" "$colon_split"
                    return 0 ;;
                --sample-index)
                    COMPREPLY=($(compgen -W "$_cprof_sample_types" -- "$cur"))
                    return 0 ;;
                --context)
                    return 0 ;;
                --objdump)
                    COMPREPLY=($(compgen -c -- "$cur"))
                    return 0 ;;
            esac
            ((colon_split)) && return 0
            if [[ $cur != -* ]]; then
                # FUNC, then INPUT: count the operands before this word.
                local w nargs=0 skip=0
                for ((i = cmd_idx + 1; i < COMP_CWORD; i++)); do
                    w=${COMP_WORDS[i]}
                    if ((skip)); then
                        # "--opt = value" when '=' is a word break
                        [[ $w == = ]] || skip=0
                        continue
                    fi
                    case $w in
                        -i | --input | --source-path | --sample-index | --context | --objdump)
                            skip=1 ;;
                        =) skip=1 ;;
                        -) ((nargs++)) ;;
                        -*) _cprof_is_filter_opt "$w" && skip=1 ;;
                        *) ((nargs++)) ;;
                    esac
                done
                # FUNC (a function name or a regular expression) is not
                # completed.
                ((nargs >= 1)) && _cprof_input_files "$cur"
                return 0
            fi
            COMPREPLY=($(compgen -W '-i --input --source-path --context
                --objdump --no-disassembly --sample-index $_cprof_filter_opts $_cprof_filter_flags -h --help' -- "$cur"))
            ;;
        flamegraph)
            case $opt in
                -i | --input)
                    _cprof_input_files "$cur"
                    return 0 ;;
                -o | --output)
                    _cprof_files "$cur" '*.svg'
                    return 0 ;;
                --colors)
                    COMPREPLY=($(compgen -W 'native hot mem io red green blue aqua
                        yellow purple orange rust' -- "$cur"))
                    return 0 ;;
                --fonttype)
                    COMPREPLY=($(compgen -W 'monospace sans-serif serif' -- "$cur"))
                    return 0 ;;
                --sample-index)
                    COMPREPLY=($(compgen -W "$_cprof_sample_types" -- "$cur"))
                    return 0 ;;
                --title | --subtitle | --width | --height | --minwidth | \
                    --countname | --fontsize)
                    return 0 ;;
            esac
            if [[ $cur != -* ]]; then
                _cprof_input_files "$cur"
                return 0
            fi
            COMPREPLY=($(compgen -W '-i --input -o --output --title --subtitle
                --width --height --minwidth --colors --hash --reverse --inverted
                --flamechart --countname --fontsize --fonttype --sample-index
                $_cprof_filter_opts $_cprof_filter_flags -h --help' -- "$cur"))
            ;;
        collapse)
            case $opt in
                -i | --input)
                    _cprof_input_files "$cur"
                    return 0 ;;
                -o | --output)
                    _cprof_files "$cur"
                    return 0 ;;
                --sample-index)
                    COMPREPLY=($(compgen -W "$_cprof_sample_types" -- "$cur"))
                    return 0 ;;
            esac
            if [[ $cur != -* ]]; then
                _cprof_input_files "$cur"
                return 0
            fi
            COMPREPLY=($(compgen -W '-i --input -o --output --no-annotate
                --sample-index $_cprof_filter_opts $_cprof_filter_flags -h --help' -- "$cur"))
            ;;
        pprof)
            case $opt in
                -i | --input)
                    _cprof_input_files "$cur"
                    return 0 ;;
                -o | --output)
                    _cprof_files "$cur" '*.pb.gz'
                    return 0 ;;
            esac
            if [[ $cur != -* ]]; then
                _cprof_input_files "$cur"
                return 0
            fi
            COMPREPLY=($(compgen -W '-i --input -o --output $_cprof_filter_opts $_cprof_filter_flags
                -h --help' -- "$cur"))
            ;;
        otlp)
            case $opt in
                -i | --input)
                    _cprof_input_files "$cur"
                    return 0 ;;
                -o | --output)
                    _cprof_files "$cur" '*.binpb'
                    return 0 ;;
                --service-name)
                    return 0 ;;
            esac
            if [[ $cur != -* ]]; then
                _cprof_input_files "$cur"
                return 0
            fi
            COMPREPLY=($(compgen -W '-i --input -o --output --service-name $_cprof_filter_opts
                $_cprof_filter_flags -h --help' -- "$cur"))
            ;;
        diff)
            case $opt in
                --flamegraph)
                    _cprof_files "$cur" '*.svg'
                    return 0 ;;
                --sample-index)
                    COMPREPLY=($(compgen -W "$_cprof_sample_types" -- "$cur"))
                    return 0 ;;
                -n | --top | --fail-on-regression)
                    return 0 ;;
            esac
            if [[ $cur != -* ]]; then
                # BEFORE and AFTER
                _cprof_input_files "$cur"
                return 0
            fi
            COMPREPLY=($(compgen -W '-n --top --no-normalize --flamegraph
                --fail-on-regression --sample-index --format --json
                $_cprof_filter_opts $_cprof_filter_flags -h --help' -- "$cur"))
            ;;
        info)
            if [[ $opt == -i || $opt == --input || $cur != -* ]]; then
                _cprof_files "$cur" '*.data'
                return 0
            fi
            COMPREPLY=($(compgen -W '-i --input --format --json -h --help' -- "$cur"))
            ;;
        help)
            if ((COMP_CWORD == cmd_idx + 1)); then
                COMPREPLY=($(compgen -W "$commands" -- "$cur"))
            fi
            ;;
    esac
    return 0
}

complete -F _cprof cprof
