# The build of one function for sam build's makefile method. sam build runs `make -f <ContextPath>/Makefile
# build-<LogicalId>` in the project root (ProjectRootDirectory: a scratch copy of it, or the checkout itself with
# build_in_source) with ARTIFACTS_DIR set; the package is the folder of the Makefile that includes this file.
package := $(notdir $(patsubst %/,%,$(dir $(firstword $(MAKEFILE_LIST)))))

build-%:
	bash functions/packages/build "$(package)" "$(ARTIFACTS_DIR)"
