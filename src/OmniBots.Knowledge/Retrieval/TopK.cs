namespace OmniBots.Knowledge.Retrieval;

/// <summary>
/// Keeps the k best (index, score) pairs seen, in a binary min-heap of size k: O(n log k) over n candidates
/// with no allocation per candidate. Ties go to the lower index, so results are deterministic.
/// </summary>
internal sealed class TopK
{
    private readonly (int Index, float Score)[] heap;
    private int count;

    public TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        heap = new (int, float)[k];
    }

    /// <summary>The score a candidate must beat to enter (−∞ until the heap is full).</summary>
    public float Threshold => count < heap.Length ? float.NegativeInfinity : heap[0].Score;

    public void Offer(int index, float score)
    {
        if (count < heap.Length)
        {
            heap[count] = (index, score);
            SiftUp(count++);
        }
        else if (Better((index, score), heap[0]))
        {
            heap[0] = (index, score);
            SiftDown(0);
        }
    }

    /// <summary>Best first.</summary>
    public List<(int Index, float Score)> ToSortedList()
    {
        var list = new List<(int Index, float Score)>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(heap[i]);
        }
        list.Sort((a, b) => Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
        return list;
    }

    private static bool Better((int Index, float Score) a, (int Index, float Score) b) =>
        a.Score > b.Score || (a.Score == b.Score && a.Index < b.Index);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(heap[parent], heap[i]))
            {
                break;
            }
            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            var worst = i;
            if (left < count && Better(heap[worst], heap[left]))
            {
                worst = left;
            }
            if (left + 1 < count && Better(heap[worst], heap[left + 1]))
            {
                worst = left + 1;
            }
            if (worst == i)
            {
                return;
            }
            (heap[worst], heap[i]) = (heap[i], heap[worst]);
            i = worst;
        }
    }
}
