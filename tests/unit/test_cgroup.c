/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for src/record/cgroup.c: which line of /proc/PID/cgroup
 * names a process's group (v2, hybrid, v1 only), container ids in the
 * paths Docker, containerd, CRI-O, Podman and Kubernetes make, and
 * paths that only look like them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "record/cgroup.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_from_text(void **state)
{
	char buf[256];

	(void)state;
	assert_true(cgroup_from_text("0::/system.slice/ssh.service\n", buf, sizeof(buf)));
	assert_string_equal(buf, "/system.slice/ssh.service");
	/* hybrid: the unified hierarchy holds only the root, a v1 controller knows more */
	assert_true(cgroup_from_text("9:name=systemd:/\n4:memory:/process_api/abc\n0::/\n", buf,
				     sizeof(buf)));
	assert_string_equal(buf, "/process_api/abc");
	/* v1 only: systemd's hierarchy first */
	assert_true(cgroup_from_text("4:memory:/a\n1:name=systemd:/user.slice/s\n", buf,
				     sizeof(buf)));
	assert_string_equal(buf, "/user.slice/s");
	/* everything in the root: the root */
	assert_true(cgroup_from_text("0::/\n", buf, sizeof(buf)));
	assert_string_equal(buf, "/");
	/* no newline at the end, and a line without two colons */
	assert_true(cgroup_from_text("garbage\n0::/x", buf, sizeof(buf)));
	assert_string_equal(buf, "/x");
	assert_false(cgroup_from_text("", buf, sizeof(buf)));
	assert_false(cgroup_from_text("no colons here\n", buf, sizeof(buf)));
	/* cut to the buffer, never past it */
	assert_true(cgroup_from_text("0::/abcdefgh\n", buf, 5));
	assert_string_equal(buf, "/abc");
}

static void test_of_pid(void **state)
{
	char buf[4096];

	(void)state;
	/* our own process is in some group; a pid that cannot exist in none */
	assert_true(cgroup_of_pid(getpid(), buf, sizeof(buf)));
	assert_int_equal(buf[0], '/');
	assert_false(cgroup_of_pid(0x7ffffff0, buf, sizeof(buf)));
}

static void test_container_ids(void **state)
{
	static const char *const with_id[] = {
		"/system.slice/docker-" ID ".scope",
		"/docker/" ID,
		"/system.slice/containerd.service/kubepods-burstable-pod1.slice:cri-containerd:" ID,
		"/kubepods.slice/kubepods-besteffort.slice/cri-containerd-" ID ".scope",
		"/machine.slice/libpod-" ID ".scope/container",
		"/kubepods/burstable/pod0a1b2c3d-1111-2222-3333-444455556666/" ID,
		"/crio-" ID ".scope",
	};
	char id[CGROUP_CONTAINER_ID_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(with_id) / sizeof(with_id[0]); i++) {
		memset(id, 0, sizeof(id));
		if (!cgroup_container_id(with_id[i], id, sizeof(id)))
			fail_msg("no id found in %s", with_id[i]);
		assert_string_equal(id, ID);
	}
}

static void test_not_container_ids(void **state)
{
	static const char *const without[] = {
		"/", "/system.slice/docker.service", "/user.slice/user-1000.slice/session-2.scope",
		/* 63 and 65 digits, capitals, and a run inside a longer word */
		"/docker/" ID "0", "/docker/x" ID,
		"/docker/0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
		"/process_api/fe73f9fd1a2d08ae8263de3ce30a585e",
	};
	char id[CGROUP_CONTAINER_ID_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(without) / sizeof(without[0]); i++)
		if (cgroup_container_id(without[i], id, sizeof(id)))
			fail_msg("an id '%s' found in %s", id, without[i]);
	/* too small a buffer: no id rather than a cut one */
	assert_false(cgroup_container_id("/docker/" ID, id, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_text),
		cmocka_unit_test(test_of_pid),
		cmocka_unit_test(test_container_ids),
		cmocka_unit_test(test_not_container_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
