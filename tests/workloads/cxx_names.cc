/* SPDX-License-Identifier: MIT */
/*
 * cxx_names - C++ workload whose hot functions have mangled names, for
 * testing symbol demangling.
 *
 * main() calls demo::run(), which loops until the run time is up and
 * in each round calls four CPU-bound leaf functions:
 *
 *   demo::Widget<int>::churn(int)          _ZN4demo6WidgetIiE5churnEi
 *   demo::Widget<double>::churn(double)    _ZN4demo6WidgetIdE5churnEd
 *   demo::operator*(demo::Vec2 const&, demo::Vec2 const&)
 *                                          _ZN4demomlERKNS_4Vec2ES2_
 *   demo::util::mix(unsigned long)         _ZN4demo4util3mixEm
 *
 * (the mangled names are those of the Itanium C++ ABI on LP64 targets).
 * The iteration counts are chosen so that each of the four gets very
 * roughly a quarter of the samples on x86-64; a test should only rely
 * on each of them having a clear share (say over 10%) and on them
 * together covering nearly all samples.
 *
 * Built with g++ -O2 -g.
 *
 * Usage: cxx_names [SECONDS]   (wall-clock run time, default 2)
 */
#include "workload.h"

static volatile unsigned long sink;

namespace demo {

/* One step of the churn loop, per element type; always inlined. */
template <typename T> struct stepper;

template <> struct stepper<int> {
	static inline __attribute__((always_inline)) int step(int x, int s)
	{
		unsigned int u = static_cast<unsigned int>(x);

		u = u * 1103515245u + static_cast<unsigned int>(s);
		return static_cast<int>(u);
	}
	static const long iterations = 260000;
};

template <> struct stepper<double> {
	static inline __attribute__((always_inline)) double step(double x, double s)
	{
		return x * 0.999 + s;
	}
	static const long iterations = 68000;
};

template <typename T>
class Widget {
public:
	explicit Widget(T seed) : state_(seed) {}
	__attribute__((noinline)) WL_NOIPA T churn(T x);

private:
	T state_;
};

template <typename T>
T Widget<T>::churn(T x)
{
	for (long i = 0; i < stepper<T>::iterations; i++) {
		x = stepper<T>::step(x, state_);
		__asm__ __volatile__("" : "+g"(x));
	}
	return x;
}

template class Widget<int>;
template class Widget<double>;

struct Vec2 {
	double x, y;
};

/*
 * "Multiplies" two vectors as complex numbers, many times over: a is
 * rotated by b repeatedly.  b has unit length, so values stay bounded.
 */
__attribute__((noinline)) WL_NOIPA Vec2 operator*(const Vec2 &a, const Vec2 &b)
{
	Vec2 r = a;

	for (long i = 0; i < 64000; i++) {
		double x = r.x * b.x - r.y * b.y;
		double y = r.x * b.y + r.y * b.x;

		r.x = x;
		r.y = y;
		__asm__ __volatile__("" : "+g"(r.x), "+g"(r.y));
	}
	return r;
}

namespace util {

__attribute__((noinline)) WL_NOIPA unsigned long mix(unsigned long v)
{
	for (long i = 0; i < 210000; i++) {
		v ^= v >> 29;
		v *= 0xbf58476d1ce4e5b9UL;
		__asm__ __volatile__("" : "+r"(v));
	}
	return v;
}

} /* namespace util */

__attribute__((noinline)) WL_NOIPA unsigned long run(double seconds)
{
	double end = now() + seconds;
	Widget<int> wi(12345);
	Widget<double> wd(0.25);
	const Vec2 rot = { 0.6, 0.8 };
	Vec2 v = { 1.0, 0.0 };
	unsigned long acc = 1;
	int xi = 1;
	double xd = 1.0;

	do {
		xi = wi.churn(xi);
		xd = wd.churn(xd);
		v = v * rot;
		acc = util::mix(acc);
		acc += static_cast<unsigned long>(xi) + static_cast<unsigned long>(xd);
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return acc + static_cast<unsigned long>(v.x * 1000.0);
}

} /* namespace demo */

int main(int argc, char **argv)
{
	double seconds = parse_seconds(argc > 1 ? argv[1] : NULL, 2.0);

	sink = demo::run(seconds);
	return 0;
}
