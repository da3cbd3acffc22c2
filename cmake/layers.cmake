# One target per folder of src/, linked only along the arrows of src/LAYERS (the one place
# the graph is written; scripts/check-layers reads the same file and checks the includes,
# which linking alone cannot: a header-only piece links without an arrow).
#
#   sockscope_layer(<folder> [EXECUTABLE <name>] [PUBLIC <libs>...] [PRIVATE <libs>...])
#     builds src/<folder>/**/*.cpp (globbed: new files are picked up) as the static library
#     sockscope_<folder> (an INTERFACE library while the folder has headers only), or as the
#     executable <name>, and links it to the targets of the folders src/LAYERS says it uses.
#     PUBLIC/PRIVATE: the third-party libraries this folder itself uses, and no others.
#   sockscope_layers_complete()
#     after the last sockscope_layer(): every declared folder has its target.
#   sockscope_library_layers(<out-var>)
#     the library targets of every layer (what the unit tests link).
#   sockscope_link_included_layers(<target> <sources>...)
#     links a test or bench program to the layers its sources #include "folder/...", so a
#     program links what it uses without a hand-kept list.

set(SOCKSCOPE_LAYERS_FILE ${CMAKE_SOURCE_DIR}/src/LAYERS)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SOCKSCOPE_LAYERS_FILE})

# Reads src/LAYERS into SOCKSCOPE_LAYERS (declaration order), SOCKSCOPE_LAYER_KIND_<folder>
# and SOCKSCOPE_LAYER_USES_<folder> (`capabilities` expanded). Malformed lines are reported
# by scripts/check-layers; here they stop the configure with the line.
function(_sockscope_read_layers)
  file(STRINGS ${SOCKSCOPE_LAYERS_FILE} lines)
  set(layers "")
  set(capabilities "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "#.*$" "" line "${line}")
    string(REGEX MATCHALL "[^ \t]+" words "${line}")
    list(LENGTH words count)
    if(count EQUAL 0)
      continue()
    endif()
    list(GET words 0 kind)
    if(kind STREQUAL "allow")  # include exceptions concern only the check
      continue()
    endif()
    if(NOT kind MATCHES "^(base|capability|app)$" OR count LESS 2)
      message(FATAL_ERROR "src/LAYERS: cannot read the line '${line}' (run scripts/check-layers)")
    endif()
    list(GET words 1 layer)
    set(uses "")
    if(count GREATER 2)
      list(SUBLIST words 2 -1 uses)
    endif()
    list(APPEND layers ${layer})
    if(kind STREQUAL "capability")
      list(APPEND capabilities ${layer})
    endif()
    set(SOCKSCOPE_LAYER_KIND_${layer} ${kind} PARENT_SCOPE)
    set(uses_${layer} ${uses})
  endforeach()
  foreach(layer IN LISTS layers)
    list(TRANSFORM uses_${layer} REPLACE "^capabilities$" "${capabilities}")
    set(SOCKSCOPE_LAYER_USES_${layer} ${uses_${layer}} PARENT_SCOPE)
  endforeach()
  set(SOCKSCOPE_LAYERS ${layers} PARENT_SCOPE)
endfunction()
_sockscope_read_layers()

function(sockscope_layer layer)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "EXECUTABLE" "PUBLIC;PRIVATE")
  if(NOT layer IN_LIST SOCKSCOPE_LAYERS)
    message(FATAL_ERROR "sockscope_layer(${layer}): add a line for ${layer} to src/LAYERS")
  endif()
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${layer}/*.cpp)
  if(arg_EXECUTABLE)
    set(target ${arg_EXECUTABLE})
    # Sources, not a library: the CLI's subcommands register themselves from static
    # objects nothing else refers to, which a static library would drop.
    add_executable(${target} ${sources})
    set(scope PRIVATE)
  elseif(sources)
    set(target sockscope_${layer})
    add_library(${target} STATIC ${sources})
    set(scope PUBLIC)  # a folder's headers include the headers of the folders it uses
  else()
    set(target sockscope_${layer})
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  foreach(use IN LISTS SOCKSCOPE_LAYER_USES_${layer})
    # Targets are made in the graph's order, so a use that is not a target yet is a use
    # of a folder declared later: the arrow that would close a cycle.
    if(NOT TARGET sockscope_${use})
      message(FATAL_ERROR "sockscope_layer(${layer}): ${layer} uses ${use}; call "
        "sockscope_layer(${use}) first (and declare ${use} above ${layer} in src/LAYERS)")
    endif()
    target_link_libraries(${target} ${scope} sockscope_${use})
  endforeach()
  if(scope STREQUAL "INTERFACE")
    target_link_libraries(${target} INTERFACE ${arg_PUBLIC} ${arg_PRIVATE})
  else()
    target_link_libraries(${target} PUBLIC ${arg_PUBLIC} PRIVATE ${arg_PRIVATE})
  endif()
  set_property(GLOBAL APPEND PROPERTY SOCKSCOPE_BUILT_LAYERS ${layer})
endfunction()

function(sockscope_layers_complete)
  get_property(built GLOBAL PROPERTY SOCKSCOPE_BUILT_LAYERS)
  foreach(layer IN LISTS SOCKSCOPE_LAYERS)
    if(NOT layer IN_LIST built)
      message(FATAL_ERROR "src/LAYERS declares ${layer}: add sockscope_layer(${layer}) to CMakeLists.txt")
    endif()
  endforeach()
  file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/*)
  foreach(entry IN LISTS entries)
    get_filename_component(folder ${entry} NAME)
    if(IS_DIRECTORY ${entry} AND NOT folder IN_LIST SOCKSCOPE_LAYERS)
      message(FATAL_ERROR "src/${folder}/ is in no layer: add a line for it to src/LAYERS")
    endif()
  endforeach()
endfunction()

function(sockscope_library_layers out)
  set(targets "")
  foreach(layer IN LISTS SOCKSCOPE_LAYERS)
    if(TARGET sockscope_${layer})
      list(APPEND targets sockscope_${layer})
    endif()
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(sockscope_link_included_layers target)
  set(layers "")
  foreach(source IN LISTS ARGN)
    # A new include of another layer re-runs the configure, which re-reads this list.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
    file(STRINGS ${source} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<][a-z_]+/")
    foreach(include IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([a-z_]+)/.*$" "\\1" layer "${include}")
      if(TARGET sockscope_${layer})
        list(APPEND layers sockscope_${layer})
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES layers)
  target_link_libraries(${target} PRIVATE ${layers})
endfunction()

#   sockscope_embed_text(<target> <file> <name>)
#     compiles <file>'s text into <target> as `std::string_view sockscope::<name>()`
#     (declared by whoever uses it), so data shipped with the program needs no install path.
function(sockscope_embed_text target file name)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} text)
  set(delimiter "sockscope_embed")
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains )${delimiter}\" and cannot be embedded")
  endif()
  set(out ${CMAKE_BINARY_DIR}/embedded/${name}.cpp)
  file(WRITE ${out}.new
"// Generated from ${file} by sockscope_embed_text (cmake/layers.cmake); do not edit.
#include <string_view>
namespace sockscope {
std::string_view ${name}() {
  static constexpr std::string_view text = R\"${delimiter}(${text})${delimiter}\";
  return text;
}
}  // namespace sockscope
")
  file(COPY_FILE ${out}.new ${out} ONLY_IF_DIFFERENT)  # unchanged text: nothing to rebuild
  target_sources(${target} PRIVATE ${out})
endfunction()
