/*
 * Audio in MP4 (AAC in .m4a) decoded from an exact sample with FFmpeg's
 * libraries, for cuts (seekdec.c): the demuxer seeks on the file's sample
 * table and every frame's timestamp is exact, so a little before the clip is
 * decoded and what comes before its first sample is dropped.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>

#include "player/internal.h"
#include "util/xmalloc.h"

/* Decoded before the clip after a seek, for the decoder's overlap to settle (ms). */
#define MP4DEC_PREROLL_MS 100

struct player_mp4 {
	AVFormatContext *fmt;
	AVCodecContext *dec;
	SwrContext *swr;	/* To stereo 16-bit at the same rate. */
	AVPacket *pkt;
	AVFrame *frame;
	int stream;
	int rate;
	int64_t skip_to;	/* Frames before this one are dropped. */
	int64_t pos;		/* Frame index where the next decoded frame starts, or -1. */
	int flushed;		/* The end of the file was told to the decoder. */
};

struct player_mp4 *
player_mp4_open(const char *path, unsigned *rate, int64_t *length)
{
	AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
	const AVCodec *codec = NULL;
	struct player_mp4 *m;
	AVStream *st;
	unsigned i;

	/* Nothing of FFmpeg's may reach the terminal. */
	av_log_set_level(AV_LOG_QUIET);
	m = xcalloc(1, sizeof *m);
	m->pos = -1;
	if (avformat_open_input(&m->fmt, path, NULL, NULL) != 0) {
		free(m);
		return (NULL);
	}
	if (avformat_find_stream_info(m->fmt, NULL) < 0 ||
	    (m->stream = av_find_best_stream(m->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0)) < 0 ||
	    (m->dec = avcodec_alloc_context3(codec)) == NULL ||
	    avcodec_parameters_to_context(m->dec, m->fmt->streams[m->stream]->codecpar) < 0 ||
	    avcodec_open2(m->dec, codec, NULL) < 0 ||
	    m->dec->sample_rate <= 0 || m->dec->sample_rate > 384000 ||
	    swr_alloc_set_opts2(&m->swr, &stereo, AV_SAMPLE_FMT_S16, m->dec->sample_rate,
	    &m->dec->ch_layout, m->dec->sample_fmt, m->dec->sample_rate, 0, NULL) < 0 ||
	    swr_init(m->swr) < 0 ||
	    (m->pkt = av_packet_alloc()) == NULL || (m->frame = av_frame_alloc()) == NULL) {
		player_mp4_free(m);
		return (NULL);
	}
	for (i = 0; i < m->fmt->nb_streams; i++) {
		if ((int)i != m->stream)
			m->fmt->streams[i]->discard = AVDISCARD_ALL;
	}
	st = m->fmt->streams[m->stream];
	m->rate = m->dec->sample_rate;
	*rate = (unsigned)m->rate;
	*length = st->duration != AV_NOPTS_VALUE && st->duration > 0 ?
	    av_rescale_q(st->duration, st->time_base, (AVRational){ 1, m->rate }) : -1;
	return (m);
}

int
player_mp4_seek(struct player_mp4 *m, int64_t from)
{
	AVStream *st = m->fmt->streams[m->stream];
	int64_t pre = from - (int64_t)m->rate * MP4DEC_PREROLL_MS / 1000;

	if (pre < 0)
		pre = 0;
	if (av_seek_frame(m->fmt, m->stream, av_rescale_q(pre, (AVRational){ 1, m->rate },
	    st->time_base), AVSEEK_FLAG_BACKWARD) < 0)
		return (-1);
	avcodec_flush_buffers(m->dec);
	m->skip_to = from;
	m->pos = -1;
	m->flushed = 0;
	return (0);
}

/* Gives the decoder the next packet of the stream, or the end; -1 on error. */
static int
player_mp4_feed(struct player_mp4 *m)
{
	int rc;

	if (m->flushed)
		return (-1);
	if ((rc = av_read_frame(m->fmt, m->pkt)) == AVERROR_EOF) {
		m->flushed = 1;
		return (avcodec_send_packet(m->dec, NULL) < 0 ? -1 : 0);
	}
	if (rc < 0)
		return (-1);
	rc = m->pkt->stream_index == m->stream ? avcodec_send_packet(m->dec, m->pkt) : 0;
	av_packet_unref(m->pkt);
	/* A damaged packet is skipped, as a player would. */
	return (rc < 0 && rc != AVERROR_INVALIDDATA ? -1 : 0);
}

int
player_mp4_read(struct player_mp4 *m, int16_t *s, int max)
{
	AVStream *st = m->fmt->streams[m->stream];
	uint8_t *out[1] = { (uint8_t *)s };
	int64_t start;
	int rc, n, drop;

	for (;;) {
		rc = avcodec_receive_frame(m->dec, m->frame);
		if (rc == AVERROR_EOF)
			return (0);
		if (rc == AVERROR(EAGAIN)) {
			if (player_mp4_feed(m) != 0)
				return (-1);
			continue;
		}
		if (rc < 0 || m->frame->nb_samples > max)
			return (-1);
		start = m->frame->best_effort_timestamp;
		if (start != AV_NOPTS_VALUE)
			start = av_rescale_q(start, st->time_base, (AVRational){ 1, m->rate });
		else
			start = m->pos >= 0 ? m->pos : m->skip_to;
		n = swr_convert(m->swr, out, max, (const uint8_t **)m->frame->extended_data,
		    m->frame->nb_samples);
		av_frame_unref(m->frame);
		if (n < 0)
			return (-1);
		m->pos = start + n;
		if (n == 0)
			continue;
		drop = start >= m->skip_to ? 0 : m->skip_to - start >= n ? n :
		    (int)(m->skip_to - start);
		if (drop == n)
			continue;
		if (drop > 0)
			memmove(s, s + drop * 2, (size_t)(n - drop) * 2 * sizeof *s);
		return (n - drop);
	}
}

void
player_mp4_free(struct player_mp4 *m)
{
	if (m == NULL)
		return;
	av_frame_free(&m->frame);
	av_packet_free(&m->pkt);
	swr_free(&m->swr);
	avcodec_free_context(&m->dec);
	avformat_close_input(&m->fmt);
	free(m);
}
